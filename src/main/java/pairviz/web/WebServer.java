package pairviz.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.gallery.Gallery;
import pairviz.loading.EmbeddingModel;

/**
 * {@code pairviz serve}: the page and its HTTP API over one shared network.
 *
 * <pre>{@code
 * try (EmbeddingModel m = EmbeddingModel.load(weights, ModelOptions.auto());
 *      WebServer server = WebServer.start(m, WebOptions.defaults().withAddress("127.0.0.1", 0), System.err::println)) {
 *     System.out.println(server.uri());
 * }
 * }</pre>
 *
 * <p>Safe by default: loopback only unless told otherwise; uploads limited in bytes and pixels
 * (checked from the header before decoding); files recognised by content; only indexed gallery
 * images are ever read; the network runs on a bounded queue (503 with {@code Retry-After} when
 * full); every error is a JSON answer, never a dead server.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "/pairviz/web/";
    /** Host names accepted when bound to loopback. */
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");
    /** Request attribute: the answer is already a JSON error (Javalin's status handlers leave it alone). */
    private static final String ANSWERED = "pairviz.error";

    /** Slowest accepted request body: a 20 MB upload at this rate still takes under 20 minutes. */
    static final long MIN_BODY_BYTES_PER_SECOND = 16 << 10;

    private final Javalin app;
    private final WorkQueue work;
    private final Uploads uploads;
    private final String host;
    /** The generated gallery, when none was given; deleted on close. */
    private final Examples examples;

    private WebServer(Javalin app, WorkQueue work, Uploads uploads, Examples examples, String host) {
        this.app = app;
        this.examples = examples;
        this.work = work;
        this.uploads = uploads;
        this.host = host;
    }

    /**
     * Indexes and embeds the galleries, then starts serving. Without a gallery, a few synthetic
     * scenes drawn now ({@link Examples}) are the gallery, so the page opens on an explained pair.
     * The model is shared, not owned: close it after the server.
     *
     * @param log where start-up progress and skipped gallery images are reported
     * @throws PairvizException for a bad gallery folder or a port that cannot be bound
     */
    public static WebServer start(EmbeddingModel model, WebOptions options, Consumer<String> log) {
        Examples examples = null;
        List<Path> roots = options.galleries();
        if (roots.isEmpty()) {
            examples = Examples.draw(model.config().imageSize());
            log.accept(examples.describe());
            roots = List.of(examples.folder());
        }
        try {
            return start(model, options, roots, examples, log);
        } catch (RuntimeException e) {
            if (examples != null) {
                examples.close();
            }
            throw e;
        }
    }

    private static WebServer start(EmbeddingModel model, WebOptions options, List<Path> roots, Examples examples,
            Consumer<String> log) {
        GalleryFiles files = GalleryFiles.index(roots);
        Inference inference = new Inference(model, options.batch(), options.maxPixels(),
                files::open);
        Gallery gallery = Gallery.EMPTY;
        if (files.size() > 0) {
            log.accept("embedding " + files.size() + " gallery images in " + files.classes().size() + " classes...");
            gallery = Gallery.embed(files.samples(), model, model.preprocessing(), options.batch(),
                    pairviz.util.ProgressListener.NONE, msg -> log.accept("gallery image skipped: " + msg));
        }
        Uploads uploads = new Uploads(options.maxUploadBytes(), options.maxPixels());
        WorkQueue work = new WorkQueue(options.workers(), options.queue());
        Api api = new Api(inference, files, gallery, examples != null, uploads, work, options);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            long max = options.maxUploadBytes();
            config.jetty.multipartConfig.maxFileSize(max, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxRequestBytes(options), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = Api.MAX_FORM_BYTES;
            // a body that trickles in (a byte every few seconds) is cut off with 408, so slow
            // clients hold an HTTP thread for seconds, never a worker or queue place
            config.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
        });
        routes(app, api, options);
        try {
            app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            work.close();
            uploads.close();
            throw new PairvizException("cannot serve on " + options.host() + ":" + options.port() + ": "
                    + rootMessage(e), e);
        }
        return new WebServer(app, work, uploads, examples, options.host());
    }

    /** The bound port (the real one when {@link WebOptions#port()} was 0). */
    public int port() {
        return app.port();
    }

    /** The page's address. */
    public URI uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/");
    }

    /** The generated example gallery's folder, for tests; null when galleries were given. */
    Path examplesFolder() {
        return examples == null ? null : examples.folder();
    }

    /** Work queue for tests: lets them occupy the workers. */
    WorkQueue workQueue() {
        return work;
    }

    @Override
    public void close() {
        app.stop();
        work.close();
        uploads.close();
        if (examples != null) {
            examples.close();
        }
    }

    private static long maxRequestBytes(WebOptions options) {
        return 2 * options.maxUploadBytes() + (1 << 20);
    }

    private static void routes(Javalin app, Api api, WebOptions options) {
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; "
                    + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
            checkHostAndOrigin(ctx, options);
            long length = ctx.req().getContentLengthLong();
            if (length > maxRequestBytes(options)) {
                throw new HttpError(413, "request of " + length + " bytes is over the limit of "
                        + maxRequestBytes(options) + " bytes (two images of at most " + options.maxUploadBytes() + ")");
            }
        });
        app.get("/", ctx -> page(ctx, "index.html", "text/html; charset=utf-8"));
        app.head("/", ctx -> { // the length GET would send, without the body
            ctx.contentType("text/html; charset=utf-8");
            ctx.header("Content-Length", String.valueOf(pageBytes("index.html").length));
        });
        app.get("/app.js", ctx -> page(ctx, "app.js", "text/javascript; charset=utf-8"));
        app.get("/app.css", ctx -> page(ctx, "app.css", "text/css; charset=utf-8"));
        app.get("/api/health", ctx -> json(ctx, 200, Map.of("status", "ok")));
        app.get("/api/info", ctx -> json(ctx, 200, api.info()));
        app.get("/api/gallery/image", api::galleryImage);
        app.post("/api/explain", ctx -> json(ctx, 200, api.explain(ctx)));
        app.post("/api/retrieve", ctx -> json(ctx, 200, api.retrieve(ctx)));
        app.post("/api/classmap", ctx -> json(ctx, 200, api.classMap(ctx)));

        app.exception(HttpError.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            error(ctx, e.status(), e.getMessage());
        });
        // the library's messages name files by path: a client learns their names only; and a library
        // parameter is named by its form field here: "start layer" is start_layer
        app.exception(PairvizException.class, (e, ctx) -> error(ctx, 400, withoutPaths(
                e instanceof BadParameterException b ? b.message(name -> name.replace(' ', '_')) : e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            if (Api.isSizeLimit(e)) {
                error(ctx, 413, "upload over the limit of " + options.maxUploadBytes() + " bytes per image");
                return;
            }
            LOG.warn("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error (" + e.getClass().getSimpleName() + "); see the server's log");
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                error(ctx, 404, "no such page: " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path());
            }
        });
    }

    /**
     * Refuses requests meant for another site: on loopback the {@code Host} must be a loopback
     * name (a DNS-rebinding page cannot reach the gallery), and a browser's {@code Origin}, when
     * sent, must be this server (another site's page cannot make the server work for it).
     */
    private static void checkHostAndOrigin(Context ctx, WebOptions options) {
        String host = ctx.header("Host");
        String hostName = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        if (isLoopback(options.host()) && !LOOPBACK_NAMES.contains(hostName)) {
            throw new HttpError(403, "this server answers only to localhost, 127.0.0.1 or [::1], not '"
                    + Uploads.displayName(hostName, "?") + "'");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            throw new HttpError(403, "cross-site request refused (Origin " + Uploads.displayName(origin, "?") + ")");
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static void page(Context ctx, String name, String type) {
        ctx.contentType(type);
        ctx.header("Cache-Control", "no-cache");
        ctx.result(pageBytes(name));
    }

    private static byte[] pageBytes(String name) {
        try (InputStream in = WebServer.class.getResourceAsStream(PAGE + name)) {
            if (in == null) {
                throw HttpError.notFound("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status);
            ctx.contentType("application/json");
            ctx.result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void error(Context ctx, int status, String message) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("error", message == null ? "error" : message.replaceAll("\\s*\\R\\s*", " "));
        o.put("status", status);
        json(ctx, status, o);
    }

    /**
     * Jetty's own answers (a malformed Host, a URI over 8 KB: 414, headers over 8 KB: 431, an
     * ambiguous path such as {@code /%2e%2e/}: 400, a body too slow: 408) as the same JSON as
     * every other error, instead of Jetty's HTML page.
     */
    static final class JsonErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public java.nio.ByteBuffer badMessageError(int status, String reason,
                org.eclipse.jetty.http.HttpFields.Mutable fields) {
            fields.put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "application/json");
            return java.nio.ByteBuffer.wrap(errorJson(status, reason));
        }

        @Override
        protected void generateAcceptableResponse(org.eclipse.jetty.server.Request baseRequest,
                jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                int code, String message) throws IOException {
            baseRequest.setHandled(true);
            response.setContentType("application/json");
            byte[] body = errorJson(code, message);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    /** A message with every absolute file path cut to its file name: a client learns no server paths. */
    static String withoutPaths(String message) {
        return message.replaceAll("(?<![\\w.:/])(?:/[^/\\s:;,()'\"]+)+/([^/\\s:;,()'\"]+)", "$1");
    }

    /** The body of an error answered by Jetty itself (before Javalin: 400, 414, 431 ...). */
    static byte[] errorJson(int status, String message) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("error", message == null || message.isBlank() ? "bad request" : message);
        o.put("status", status);
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
