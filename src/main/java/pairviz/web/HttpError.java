package pairviz.web;

/**
 * A request the server refuses on purpose: answered with {@code status} and a JSON body
 * {@code {"error": message, "status": status}}, never with a stack trace.
 */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final Integer retryAfterSeconds;

    HttpError(int status, String message) {
        this(status, message, null);
    }

    private HttpError(int status, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503 with a {@code Retry-After} header. */
    static HttpError busy(int retryAfterSeconds) {
        return new HttpError(503, "the server is busy: all workers and queue slots are taken; retry in "
                + retryAfterSeconds + " s", retryAfterSeconds);
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    int status() {
        return status;
    }

    /** Seconds for the {@code Retry-After} header, or null for none. */
    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
