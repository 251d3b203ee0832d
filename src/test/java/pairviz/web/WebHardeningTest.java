package pairviz.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;

/**
 * The server against hostile clients (issue 12): bodies sent a byte at a time, chunked forms,
 * requests Jetty answers itself, wrong methods, a gallery file swapped after start-up.
 */
@Timeout(120)
class WebHardeningTest {
    static EmbeddingModel model;
    static WebServer server;
    static URI base;
    static Path gallery;
    @TempDir static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        model = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), ModelOptions.auto().withHeads(4));
        gallery = tmp.resolve("gallery");
        Files.createDirectories(gallery.resolve("round"));
        Files.copy(Fixtures.fixture("blob0_32.png"), gallery.resolve("round/blob0.png"));
        Files.copy(Fixtures.fixture("blob1_32.png"), gallery.resolve("round/blob1.png"));
        Files.copy(Fixtures.fixture("blob2_32.png"), tmp.resolve("outside.png"));
        Files.writeString(gallery.resolve("round/broken.png"), "not an image"); // skipped at start-up
        // one worker and one waiting place: two requests holding places would starve the rest
        server = WebServer.start(model, WebOptions.defaults().withAddress("127.0.0.1", 0)
                .withGalleries(List.of(gallery)).withLimits(40_000, 1_000_000).withConcurrency(1, 1), msg -> {});
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
    }

    /** A raw HTTP exchange: what is sent is exactly {@code request}; the answer's status line and body. */
    record Raw(int status, String headers, String body) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    static Raw raw(String request) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    static Raw read(InputStream in) throws IOException {
        String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        int split = all.indexOf("\r\n\r\n");
        String head = split < 0 ? all : all.substring(0, split);
        String body = split < 0 ? "" : all.substring(split + 4);
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Raw(Integer.parseInt(head.split(" ")[1]), head, body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            int n = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (n == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + n);
            at = eol + 2 + n + 2;
        }
    }

    private static String host() {
        return "Host: 127.0.0.1:" + base.getPort() + "\r\n";
    }

    private static Http.Form pair() {
        return new Http.Form().field("a_id", "gallery/round/blob0.png").field("b_id", "gallery/round/blob1.png");
    }

    private static void assertJsonError(Raw r, int status) throws IOException {
        assertThat(r.status()).as(r.headers() + "\n" + r.body()).isEqualTo(status);
        assertThat(r.headers().toLowerCase()).contains("content-type: application/json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).isNotBlank();
    }

    @Test
    void explainIsServedBeside24ClientsSendingTheirBodiesAByteAtATime() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                Socket s = new Socket(base.getHost(), base.getPort());
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/explain HTTP/1.1\r\n" + host() + "Content-Type: multipart/form-data; boundary=xyz\r\n"
                        + "Content-Length: 100000\r\n\r\n--xyz\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                slow.add(s);
            }
            Thread.sleep(300);
            for (Socket s : slow) { // a byte each, as a slow client would
                s.getOutputStream().write('C');
                s.getOutputStream().flush();
            }
            long t0 = System.nanoTime();
            Http.Response r = Http.send(Http.post(base, "/api/explain", pair()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("score").isNumber()).isTrue();
            assertThat(seconds).as("explain latency beside the slow clients").isLessThan(10);
            // the slow ones are cut off by the minimum data rate, with a JSON 408, not kept for ever
            for (int k = 0; k < 3; k++) {
                Thread.sleep(700);
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write('o');
                        s.getOutputStream().flush();
                    } catch (IOException closed) {
                        // already answered
                    }
                }
            }
            Raw answer = read(slow.get(0).getInputStream());
            assertJsonError(answer, 408);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void chunkedUrlencodedBodyIsRefusedInsteadOfReadWithoutLimit() throws IOException {
        StringBuilder req = new StringBuilder("POST /api/explain HTTP/1.1\r\n" + host()
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        String chunk = "a_id=" + "x".repeat(4000);
        for (int i = 0; i < 50; i++) { // 200 KB, over the form limit
            req.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        req.append("0\r\n\r\n");
        Raw r = raw(req.toString());
        assertJsonError(r, 411);
        assertThat(r.body()).doesNotContain("xxxx"); // the body is not echoed
    }

    @Test
    void largeUrlencodedBodyIs413Json() throws IOException {
        String body = "a_id=" + "x".repeat(Api.MAX_FORM_BYTES + 10);
        Raw r = raw("POST /api/explain HTTP/1.1\r\n" + host() + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertJsonError(r, 413);
        assertThat(r.body()).doesNotContain("xxxx");
    }

    @Test
    void plainTextBodyIsNotTakenAsAForm() throws IOException {
        Raw r = raw("POST /api/explain HTTP/1.1\r\n" + host() + "Content-Type: text/plain\r\nContent-Length: 9\r\n"
                + "Connection: close\r\n\r\na_id=x&b=");
        assertJsonError(r, 415);
    }

    @Test
    void errorsJettyAnswersItselfAreJsonToo() throws IOException {
        assertJsonError(raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n"), 414);
        assertJsonError(raw("GET / HTTP/1.1\r\n" + host() + "X-Big: " + "b".repeat(10_000) + "\r\nConnection: close\r\n\r\n"),
                431);
        assertJsonError(raw("GET / HTTP/1.1\r\nHost: a b c\r\nConnection: close\r\n\r\n"), 400);
        Raw dots = raw("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
        assertThat(dots.status()).isIn(400, 404);
        assertJsonError(dots, dots.status());
        assertThat(dots.body()).doesNotContain("root:");
    }

    @Test
    void wrongMethodsGet405Json() throws IOException {
        assertJsonError(raw("PUT /api/explain HTTP/1.1\r\n" + host() + "Content-Length: 0\r\nConnection: close\r\n\r\n"), 405);
        assertJsonError(raw("GET /api/explain HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n"), 405);
        assertJsonError(raw("DELETE /api/info HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n"), 405);
        assertJsonError(raw("GET /no/such/page HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n"), 404);
    }

    @Test
    void headOfThePageAnnouncesTheLengthOfItsGet() throws IOException {
        Raw get = raw("GET / HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
        Raw head = raw("HEAD / HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        int length = get.body().getBytes(StandardCharsets.ISO_8859_1).length;
        assertThat(length).isPositive();
        assertThat(head.headers().toLowerCase()).contains("content-length: " + length);
    }

    @Test
    void galleryFileSwappedAfterStartUpIsCheckedOnTheInferencePathAndNotAnsweredFromTheCache() throws Exception {
        Path file = gallery.resolve("round/blob1.png");
        Path saved = tmp.resolve("blob1.saved");
        Files.copy(file, saved, StandardCopyOption.REPLACE_EXISTING);
        double before = Http.send(Http.post(base, "/api/explain", pair())).json().get("score").asDouble();
        try {
            Files.delete(file);
            Files.createSymbolicLink(file, tmp.resolve("outside.png")); // now a link out of the gallery
            Http.Response swapped = Http.send(Http.post(base, "/api/explain", pair()));
            assertThat(swapped.status()).as(swapped.body()).isEqualTo(404);
            assertThat(swapped.json().get("error").asText()).contains("no longer inside its gallery")
                    .doesNotContain(tmp.toString());
            Files.delete(file);
            Files.copy(tmp.resolve("outside.png"), file); // another picture, in place
            double changed = Http.send(Http.post(base, "/api/explain", pair())).json().get("score").asDouble();
            assertThat(changed).as("the file changed: its features are made again").isNotEqualTo(before);
        } finally {
            Files.deleteIfExists(file);
            Files.copy(saved, file);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        }
        double restored = Http.send(Http.post(base, "/api/explain", pair())).json().get("score").asDouble();
        assertThat(restored).isEqualTo(before);
    }

    @Test
    void infoListsOnlyTheGalleryImagesThatWereEmbedded() {
        Http.Response info = Http.get(base, "/api/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().get("gallery").get("images").asInt()).isEqualTo(2);
        assertThat(info.json().get("gallery").get("classes").toString()).contains("blob0.png", "blob1.png")
                .doesNotContain("broken.png");
    }

    @Test
    void messagesNameNoServerPaths() {
        assertThat(WebServer.withoutPaths("cannot read image /srv/data/gallery/cats/1.png: truncated"))
                .isEqualTo("cannot read image 1.png: truncated");
        assertThat(WebServer.withoutPaths("checkpoint /opt/m/w.pth does not fit")).isEqualTo("checkpoint w.pth does not fit");
        assertThat(WebServer.withoutPaths("score 0.5 of a.png")).isEqualTo("score 0.5 of a.png");
    }
}
