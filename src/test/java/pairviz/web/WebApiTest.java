package pairviz.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.cli.Main;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;

/** The HTTP API on an in-process server (loopback, any free port) with the tiny fixture ViT. */
class WebApiTest {
    static EmbeddingModel model;
    static Path gallery;
    static Path outside;
    static WebServer server;
    static URI base;

    @TempDir static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        model = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), ModelOptions.auto().withHeads(4));
        gallery = tmp.resolve("gallery");
        Files.createDirectories(gallery.resolve("round"));
        Files.createDirectories(gallery.resolve("square"));
        Files.copy(Fixtures.fixture("blob0_32.png"), gallery.resolve("round/blob0.png"));
        Files.copy(Fixtures.fixture("blob1_32.png"), gallery.resolve("round/blob1.png"));
        Files.copy(Fixtures.fixture("blob2_32.png"), gallery.resolve("square/blob2.png"));
        // a readable image outside the gallery, and a link to it from inside
        outside = tmp.resolve("secret.png");
        Files.copy(Fixtures.fixture("blob2_32.png"), outside);
        Files.createSymbolicLink(gallery.resolve("square/escape.png"), outside);
        server = WebServer.start(model, options(), msg -> {});
        base = server.uri();
    }

    static WebOptions options() {
        return WebOptions.defaults().withAddress("127.0.0.1", 0).withGalleries(List.of(gallery))
                .withLimits(40_000, 1_000_000);
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
    }

    static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(Fixtures.fixture(name));
    }

    static Http.Response explain(URI at, Http.Form form) {
        return Http.send(Http.post(at, "/api/explain", form));
    }

    @Test
    void infoNamesTheExamplePairAndCaptionsEachImage() throws IOException {
        JsonNode info = Http.get(base, "/api/info").json();
        // the first two images of the first class, which the page opens on, explained
        assertThat(info.get("example").get("a").asText()).isEqualTo("gallery/round/blob0.png");
        assertThat(info.get("example").get("b").asText()).isEqualTo("gallery/round/blob1.png");
        assertThat(info.get("gallery").get("generated").asBoolean()).isFalse();
        JsonNode round = info.get("gallery").get("classes").get(0);
        assertThat(round.get("label").asText()).isEqualTo("gallery/round");
        assertThat(round.get("names").toString()).isEqualTo("[\"blob0.png\",\"blob1.png\"]");
    }

    @Test
    void withoutAGalleryTheExamplesAreDrawnExplainableAndDeletedOnClose() throws IOException {
        List<String> log = new ArrayList<>();
        Path folder;
        try (WebServer bare = WebServer.start(model, WebOptions.defaults().withAddress("127.0.0.1", 0), log::add)) {
            JsonNode info = Http.get(bare.uri(), "/api/info").json();
            assertThat(info.get("gallery").get("generated").asBoolean()).isTrue();
            assertThat(info.get("gallery").get("images").asInt()).isEqualTo(Examples.CLASSES * Examples.PER_CLASS);
            JsonNode first = info.get("gallery").get("classes").get(0);
            assertThat(first.get("label").asText()).isEqualTo("examples/class-0");
            assertThat(first.get("names").get(0).asText()).isEqualTo("0.png");
            String a = info.get("example").get("a").asText();
            String b = info.get("example").get("b").asText();
            assertThat(List.of(a, b)).containsExactly("examples/class-0/0.png", "examples/class-0/1.png");
            // scenes drawn at the network's input size, and the pair explains
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(
                    Http.bytes(bare.uri(), "/api/gallery/image?id=" + a)));
            assertThat(img.getWidth()).isEqualTo(model.config().imageSize());
            Http.Response r = Http.send(Http.post(bare.uri(), "/api/explain", new Http.Form().field("a_id", a).field("b_id", b)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("score").asDouble()).isBetween(-1.0, 1.0);
            assertThat(log).anyMatch(line -> line.contains("no gallery given"));
            folder = bare.examplesFolder();
            assertThat(folder).isDirectory();
        }
        assertThat(folder).doesNotExist();
    }

    @Test
    void bindsToLoopbackByDefault() {
        assertThat(WebOptions.defaults().host()).isEqualTo("127.0.0.1");
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void explainReturnsTheNumbersOfExplainJson() throws IOException {
        Path json = tmp.resolve("cli.json");
        int code = Main.run("explain", Fixtures.fixture("blob0_32.png").toString(), Fixtures.fixture("blob1_32.png").toString(),
                "--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4", "--mode", "conservative",
                "--head-fusion", "max", "--no-pictures", "--json", json.toString());
        assertThat(code).isZero();
        JsonNode want = Http.JSON.readTree(json.toFile());

        Http.Response r = explain(base, new Http.Form().file("a", "blob0_32.png", fixture("blob0_32.png"))
                .file("b", "blob1_32.png", fixture("blob1_32.png")).field("mode", "conservative").field("head_fusion", "max"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode got = r.json();
        for (String key : List.of("grid", "mode", "head_fusion", "start_layer", "rollout_applied", "model")) {
            assertThat(got.get(key)).as(key).isEqualTo(want.get(key));
        }
        assertThat(got.get("score").asDouble()).isCloseTo(want.get("score").asDouble(), within(1e-6));
        for (String side : List.of("a", "b")) {
            assertThat(got.get(side).get("image").asText()).isEqualTo("blob" + (side.equals("a") ? 0 : 1) + "_32.png");
            assertThat(got.get(side).get("sum").asDouble()).isCloseTo(want.get(side).get("sum").asDouble(), within(1e-6));
            float[] g = Fixtures.floats(got.get(side).get("map"));
            float[] w = Fixtures.floats(want.get(side).get("map"));
            assertThat(g).containsExactly(w, org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThat(got.get("grid_a").toString()).isEqualTo("[4,4]");
        assertThat(got.get("grid_b").toString()).isEqualTo("[4,4]");
        assertThat(got.get("S").size()).isEqualTo(16);
        assertThat(got.get("S").get(0).size()).isEqualTo(16);
    }

    @Test
    void integratedGradientsTakeStepsAndBaselineAndAnswerTheirCompletenessGap() throws IOException {
        Path json = tmp.resolve("ig.json");
        int code = Main.run("explain", Fixtures.fixture("blob0_32.png").toString(), Fixtures.fixture("blob1_32.png").toString(),
                "--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4", "--mode", "integrated-gradients",
                "--steps", "8", "--baseline", "blur", "--no-pictures", "--json", json.toString());
        assertThat(code).isZero();
        JsonNode want = Http.JSON.readTree(json.toFile());
        Http.Response r = explain(base, new Http.Form().file("a", "blob0_32.png", fixture("blob0_32.png"))
                .file("b", "blob1_32.png", fixture("blob1_32.png")).field("mode", "integrated-gradients")
                .field("steps", "8").field("baseline", "blur"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode got = r.json();
        assertThat(got.get("steps").asInt()).isEqualTo(8);
        assertThat(got.get("baseline").asText()).isEqualTo("blur");
        for (String side : List.of("a", "b")) {
            for (String key : List.of("sum", "baseline_score", "completeness_gap")) {
                assertThat(got.get(side).get(key).asDouble()).as(side + " " + key)
                        .isCloseTo(want.get(side).get(key).asDouble(), within(1e-6));
            }
        }
        Http.Response badBaseline = explain(base, new Http.Form().field("a_id", "gallery/round/blob0.png")
                .field("b_id", "gallery/round/blob1.png").field("mode", "integrated-gradients").field("baseline", "grey"));
        assertThat(badBaseline.status()).as(badBaseline.body()).isEqualTo(400);
        assertThat(badBaseline.json().get("error").asText()).contains("black, mean, blur");
        Http.Response badSteps = explain(base, new Http.Form().field("a_id", "gallery/round/blob0.png")
                .field("b_id", "gallery/round/blob1.png").field("mode", "integrated-gradients").field("steps", "0"));
        assertThat(badSteps.status()).as(badSteps.body()).isEqualTo(400);
    }

    @Test
    void tokenMatrixSumsToTheScoreAndItsRowsToTheUnrolledMaps() throws IOException {
        Http.Response r = explain(base, new Http.Form().file("a", "x.png", fixture("blob0_32.png"))
                .file("b", "y.png", fixture("blob2_32.png")).field("mode", "none"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        JsonNode s = j.get("S");
        float[] mapA = Fixtures.floats(j.get("a").get("map"));
        float[] mapB = Fixtures.floats(j.get("b").get("map"));
        double total = 0;
        for (int n = 0; n < 16; n++) {
            double row = 0;
            double col = 0;
            for (int m = 0; m < 16; m++) {
                row += s.get(n).get(m).asDouble();
                col += s.get(m).get(n).asDouble();
            }
            total += row;
            assertThat(row).as("row %d", n).isCloseTo(mapA[n], within(1e-5));
            assertThat(col).as("column %d", n).isCloseTo(mapB[n], within(1e-5));
        }
        assertThat(total).isCloseTo(j.get("score").asDouble(), within(1e-5));
    }

    @Test
    void galleryImagesCanBeExplainedRetrievedAndClassMapped() {
        Http.Response pair = explain(base, new Http.Form().field("a_id", "gallery/round/blob0.png")
                .field("b_id", "gallery/square/blob2.png"));
        assertThat(pair.status()).as(pair.body()).isEqualTo(200);

        Http.Response top = Http.send(Http.post(base, "/api/retrieve",
                new Http.Form().field("query_id", "gallery/round/blob0.png").field("k", "5")));
        assertThat(top.status()).as(top.body()).isEqualTo(200);
        JsonNode matches = top.json().get("matches");
        // the query itself and the link leading out of the gallery are not candidates
        assertThat(matches).hasSize(2);
        assertThat(matches.get(0).get("score").asDouble()).isGreaterThanOrEqualTo(matches.get(1).get("score").asDouble());
        JsonNode square = matches.get(0).get("id").asText().endsWith("blob2.png") ? matches.get(0) : matches.get(1);
        assertThat(square.get("score").asDouble()).isCloseTo(pair.json().get("score").asDouble(), within(1e-6));

        Http.Response cls = Http.send(Http.post(base, "/api/classmap",
                new Http.Form().field("query_id", "gallery/round/blob0.png").field("class", "gallery/square")));
        assertThat(cls.status()).as(cls.body()).isEqualTo(200);
        // a class of one member: its class map is the paired map
        assertThat(cls.json().get("members").asInt()).isEqualTo(1);
        assertThat(Fixtures.floats(cls.json().get("map")))
                .containsExactly(Fixtures.floats(pair.json().get("a").get("map")), org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void aGalleryQueryIsLeftOutOfItsOwnClassAsTheCliLeavesItOut() throws IOException {
        // round holds blob0 and blob1: asked about its own class, blob0 is compared with blob1 only
        Http.Response cls = Http.send(Http.post(base, "/api/classmap",
                new Http.Form().field("query_id", "gallery/round/blob0.png").field("class", "gallery/round")));
        assertThat(cls.status()).as(cls.body()).isEqualTo(200);
        assertThat(cls.json().get("members").asInt()).isEqualTo(1);
        Http.Response pair = explain(base, new Http.Form().field("a_id", "gallery/round/blob0.png")
                .field("b_id", "gallery/round/blob1.png"));
        assertThat(cls.json().get("score").asDouble()).isCloseTo(pair.json().get("score").asDouble(), within(1e-6));
        assertThat(Fixtures.floats(cls.json().get("map")))
                .containsExactly(Fixtures.floats(pair.json().get("a").get("map")), org.assertj.core.data.Offset.offset(1e-6f));
        // and out of the class ranking: round is scored on blob1 alone
        JsonNode round = null;
        for (JsonNode c : cls.json().get("classes")) {
            if (c.get("label").asText().equals("gallery/round")) {
                round = c;
            }
        }
        assertThat(round).isNotNull();
        assertThat(round.get("members").asInt()).isEqualTo(1);
        assertThat(round.get("mean_score").asDouble()).isCloseTo(pair.json().get("score").asDouble(), within(1e-6));

        // the same image uploaded is not a gallery image: the class keeps both members
        Http.Response upload = Http.send(Http.post(base, "/api/classmap", new Http.Form()
                .file("query", "blob0.png", fixture("blob0_32.png")).field("class", "gallery/round")));
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        assertThat(upload.json().get("members").asInt()).isEqualTo(2);
    }

    @Test
    void uploadOverTheByteLimitIs413() throws IOException {
        byte[] big = noisePng(160, 160); // incompressible: well over the 40 000 byte limit
        assertThat(big.length).isGreaterThan(40_000);
        Http.Response r = explain(base, new Http.Form().file("a", "big.png", big).file("b", "b.png", fixture("blob1_32.png")));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).contains("40000 bytes");

        // the same without a Content-Length (chunked): refused while streaming
        Http.Form form = new Http.Form().file("a", "big.png", big).file("b", "b.png", fixture("blob1_32.png"));
        HttpRequest chunked = HttpRequest.newBuilder(base.resolve("/api/explain")).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(form.bytes()))).build();
        Http.Response c = Http.send(chunked);
        assertThat(c.status()).as(c.body()).isEqualTo(413);
        assertThat(health()).isEqualTo(200);
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() throws IOException {
        Http.Response r = explain(base, new Http.Form().file("a", "bomb.png", bombPng(100_000, 100_000))
                .file("b", "b.png", fixture("blob1_32.png")));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).contains("100000 x 100000 pixels").contains("over the limit");
    }

    @Test
    void nonImagesAreRefusedByContentNotName() throws IOException {
        Http.Response text = explain(base, new Http.Form().file("a", "cat.png", "just text, not a picture".getBytes(
                StandardCharsets.UTF_8)).file("b", "b.png", fixture("blob1_32.png")));
        assertThat(text.status()).as(text.body()).isEqualTo(415);
        assertThat(text.json().get("error").asText()).contains("'a'").contains("not an image");

        // a PNG signature and header with the pixel data cut off: recognised, but damaged
        byte[] png = fixture("blob0_32.png");
        byte[] cut = java.util.Arrays.copyOf(png, 60);
        Http.Response damaged = explain(base, new Http.Form().file("a", "a.png", cut).file("b", "b.png", fixture("blob1_32.png")));
        assertThat(damaged.status()).as(damaged.body()).isEqualTo(400);

        // a PNG named .txt is still a PNG
        Http.Response renamed = explain(base, new Http.Form().file("a", "notes.txt", png).file("b", "b.png", fixture("blob1_32.png")));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    }

    @Test
    void badRequestsAreJsonErrorsAndTheServerStaysUp() {
        Http.Response missing = explain(base, new Http.Form().field("mode", "reference"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).contains("'a'");
        Http.Response badMode = explain(base, new Http.Form().field("a_id", "gallery/round/blob0.png")
                .field("b_id", "gallery/round/blob1.png").field("mode", "sideways"));
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.json().get("error").asText()).contains("sideways");
        Http.Response badLayer = explain(base, new Http.Form().field("a_id", "gallery/round/blob0.png")
                .field("b_id", "gallery/round/blob1.png").field("start_layer", "7"));
        assertThat(badLayer.status()).as(badLayer.body()).isEqualTo(400);
        assertThat(badLayer.json().get("error").asText()).startsWith("start_layer 7 is past the last layer");
        Http.Response notMultipart = Http.send(HttpRequest.newBuilder(base.resolve("/api/explain"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
        assertThat(notMultipart.status()).isEqualTo(415); // a JSON body is no form
        Http.Response broken = Http.send(HttpRequest.newBuilder(base.resolve("/api/explain"))
                .POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.png\"\r\n\r\nab"))
                .header("Content-Type", "multipart/form-data; boundary=xyz").build());
        assertThat(broken.status()).as(broken.body()).isEqualTo(400);
        assertThat(broken.json().get("error").asText()).startsWith("malformed multipart body");
        assertThat(health()).isEqualTo(200);
    }

    @Test
    void onlyIndexedGalleryImagesCanBeRead() {
        assertThat(Http.get(base, "/api/gallery/image?id=gallery/round/blob0.png").status()).isEqualTo(200);
        List<String> attacks = List.of(
                "/api/gallery/image?id=../../../../etc/passwd",
                "/api/gallery/image?id=gallery/round/../../../../etc/passwd",
                "/api/gallery/image?id=..%2f..%2f..%2f..%2fetc%2fpasswd",
                "/api/gallery/image?id=gallery%2fround%2f..%2f..%2fsecret.png",
                "/api/gallery/image?id=%2e%2e%2fsecret.png",
                "/api/gallery/image?id=" + outside.toAbsolutePath(),
                "/api/gallery/image?id=gallery/square/escape.png",
                "/api/gallery/image/..%2f..%2fsecret.png",
                "/..%2f..%2f..%2fetc%2fpasswd",
                "/%2e%2e/%2e%2e/etc/passwd");
        for (String attack : attacks) {
            Http.Response r = Http.get(base, attack);
            assertThat(r.status()).as(attack).isIn(400, 403, 404);
            assertThat(r.body()).as(attack).doesNotContain("root:").doesNotContain("PNG");
        }
        // the link that leads out of the gallery is not even listed
        Http.Response info = Http.get(base, "/api/info");
        assertThat(info.body()).contains("gallery/square/blob2.png").doesNotContain("escape");
        // nor usable as an input
        Http.Response viaExplain = explain(base, new Http.Form().field("a_id", "gallery/square/escape.png")
                .field("b_id", "gallery/round/../round/blob0.png"));
        assertThat(viaExplain.status()).isEqualTo(404);
    }

    @Test
    void requestsBeyondTheQueueGet503WithRetryAfterAndTheRestSucceed() throws Exception {
        try (WebServer small = WebServer.start(model, options().withConcurrency(1, 2), msg -> {})) {
            CountDownLatch release = new CountDownLatch(1);
            // occupy the only worker, so requests can only wait in the queue's 2 places
            WorkQueue.Admission held = small.workQueue().admit();
            var blocker = small.workQueue().submit(() -> release.await(30, TimeUnit.SECONDS));
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Http.Form form = new Http.Form().file("a", "a.png", fixture("blob0_32.png"))
                        .file("b", "b.png", fixture("blob" + (i % 3) + "_32.png"));
                calls.add(Http.CLIENT.sendAsync(Http.post(small.uri(), "/api/explain", form),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // the four that found no place are answered at once, while the worker is still busy
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (calls.stream().filter(CompletableFuture::isDone).count() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<HttpResponse<String>> early = calls.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
            assertThat(early).hasSize(4);
            for (HttpResponse<String> r : early) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
                assertThat(r.body()).contains("busy");
            }
            release.countDown();
            blocker.get(10, TimeUnit.SECONDS);
            held.close();
            List<Integer> codes = calls.stream().map(c -> c.join().statusCode()).toList();
            assertThat(codes).containsOnly(200, 503);
            assertThat(codes.stream().filter(c -> c == 200).count()).isEqualTo(2);
            assertThat(Http.get(small.uri(), "/api/health").status()).isEqualTo(200);
            assertThat(explain(small.uri(), new Http.Form().field("a_id", "gallery/round/blob0.png")
                    .field("b_id", "gallery/round/blob1.png")).status()).isEqualTo(200);
        }
    }

    @Test
    void pageAndItsFilesAreServedWithSafeHeaders() {
        Http.Response page = Http.get(base, "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<canvas id=\"map-a\"");
        assertThat(Http.headers(page)).containsEntry("x-content-type-options", "nosniff")
                .containsKey("content-security-policy");
        assertThat(Http.get(base, "/app.js").status()).isEqualTo(200);
        assertThat(Http.get(base, "/nothing-here").json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void requestsForAnotherSiteAreRefused() throws IOException {
        // a DNS-rebinding page reaches 127.0.0.1 under its own name
        assertThat(rawStatus("GET /api/info HTTP/1.1\r\nHost: evil.example:" + base.getPort() + "\r\n")).isEqualTo(403);
        // another site's page posting to this server
        assertThat(rawStatus("GET /api/info HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
                + "\r\nOrigin: http://evil.example\r\n")).isEqualTo(403);
        assertThat(rawStatus("GET /api/info HTTP/1.1\r\nHost: localhost:" + base.getPort()
                + "\r\nOrigin: http://localhost:" + base.getPort() + "\r\n")).isEqualTo(200);
    }

    /** The status of a hand-written request (the JDK client does not let tests set Host). */
    static int rawStatus(String head) throws IOException {
        try (java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort())) {
            s.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    static int health() {
        return Http.get(base, "/api/health").status();
    }

    /** A PNG of random pixels (does not compress). */
    static byte[] noisePng(int w, int h) throws IOException {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                im.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(im, "png", out);
        return out.toByteArray();
    }

    /** A tiny PNG whose header declares {@code w x h} pixels: a few bytes that would decode to gigabytes. */
    static byte[] bombPng(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
