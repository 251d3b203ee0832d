package pairviz;

/**
 * A failure the user can act on: bad input, a checkpoint that does not fit, a missing file.
 *
 * <p>The message is one line, meant to be printed as it is; the command line prints it without a
 * stack trace (unless {@code --verbose}) and exits with {@link #exitCode()}.
 */
public class PairvizException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code for bad input (files, options, checkpoints). */
    public static final int BAD_INPUT = 2;

    private final int exitCode;

    public PairvizException(String message) {
        this(message, null);
    }

    public PairvizException(String message, Throwable cause) {
        this(message, cause, BAD_INPUT);
    }

    public PairvizException(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code the command line uses for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
