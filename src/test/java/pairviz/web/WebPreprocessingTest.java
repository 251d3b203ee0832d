package pairviz.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.cli.Main;
import pairviz.image.PixelRange;
import pairviz.image.ResizePolicy;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;

/**
 * The web app prepares photos with the model's own preprocessing, as the command line does: a
 * center-crop, 0..255 model given non-square photos scores every pair as {@code pairviz explain}
 * with the same flags, for uploads and gallery images alike, and not as a squash would.
 */
class WebPreprocessingTest {
    static EmbeddingModel model;
    static WebServer server;
    static Path gallery;
    static Path wide;
    static Path tall;

    @TempDir static Path tmp;

    /** The CLI's flags that give the server's model preprocessing. */
    static final List<String> FLAGS = List.of("--heads", "4", "--resize", "center-crop", "--crop", "0.875",
            "--pixel-range", "0..255", "--norm", "127.5,127.5,127.5:64,64,64");

    @BeforeAll
    static void start() throws IOException {
        model = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), ModelOptions.builder().optHeads(4)
                .optResize(ResizePolicy.CENTER_CROP).optCropFraction(0.875).optPixelRange(PixelRange.BYTE)
                .optNorm("127.5,127.5,127.5:64,64,64").build());
        gallery = tmp.resolve("gallery");
        Files.createDirectories(gallery.resolve("wide"));
        Files.createDirectories(gallery.resolve("tall"));
        // non-square photos: the centre crop keeps part of each, a squash would stretch all of it
        wide = gallery.resolve("wide/w.png");
        tall = gallery.resolve("tall/t.png");
        BufferedImage b0 = ImageIO.read(Fixtures.fixture("blob0_64.png").toFile());
        BufferedImage b1 = ImageIO.read(Fixtures.fixture("blob1_64.png").toFile());
        ImageIO.write(copy(b0.getSubimage(0, 10, 64, 40)), "png", wide.toFile());
        ImageIO.write(copy(b1.getSubimage(6, 0, 36, 64)), "png", tall.toFile());
        server = WebServer.start(model, WebOptions.defaults().withAddress("127.0.0.1", 0).withGalleries(List.of(gallery)),
                msg -> {});
    }

    private static BufferedImage copy(BufferedImage sub) {
        BufferedImage out = new BufferedImage(sub.getWidth(), sub.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(sub, 0, 0, null);
        return out;
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
    }

    /** {@code pairviz explain wide tall} with {@code flags}, as its JSON. */
    private static JsonNode cli(String name, List<String> flags) throws IOException {
        Path json = tmp.resolve(name + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("explain", wide.toString(), tall.toString(),
                "--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--mode", "conservative", "--no-pictures",
                "--json", json.toString()));
        args.addAll(flags);
        assertThat(Main.run(args.toArray(String[]::new))).isZero();
        return Http.JSON.readTree(json.toFile());
    }

    @Test
    void uploadsAndGalleryImagesScoreAsTheCliWithTheModelsPreprocessing() throws IOException {
        JsonNode want = cli("crop", FLAGS);
        List<String> squashFlags = new java.util.ArrayList<>(FLAGS);
        squashFlags.set(squashFlags.indexOf("center-crop"), "squash");
        squashFlags.removeAll(List.of("--crop", "0.875"));
        JsonNode squash = cli("squash", squashFlags);
        // the check can tell: a squash of these photos scores otherwise
        assertThat(Math.abs(squash.get("score").asDouble() - want.get("score").asDouble())).isGreaterThan(1e-3);

        Http.Response up = Http.send(Http.post(server.uri(), "/api/explain", new Http.Form()
                .file("a", "w.png", Files.readAllBytes(wide)).file("b", "t.png", Files.readAllBytes(tall))
                .field("mode", "conservative")));
        Http.Response ids = Http.send(Http.post(server.uri(), "/api/explain", new Http.Form()
                .field("a_id", "gallery/wide/w.png").field("b_id", "gallery/tall/t.png").field("mode", "conservative")));
        for (Http.Response r : List.of(up, ids)) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode got = r.json();
            assertThat(got.get("score").asDouble()).isCloseTo(want.get("score").asDouble(), within(1e-6));
            for (String key : List.of("size", "resize", "crop_fraction", "interpolation", "pixel_range", "mean", "std", "bgr")) {
                assertThat(got.get("preprocessing").get(key)).as(key).isEqualTo(want.get("preprocessing").get(key));
            }
            for (String side : List.of("a", "b")) {
                assertThat(Fixtures.floats(got.get(side).get("map")))
                        .containsExactly(Fixtures.floats(want.get(side).get("map")), Offset.offset(1e-6f));
                // where the network's input lay on the photo, and each cell's region, as the CLI says
                assertThat(got.get(side).get("placement")).isEqualTo(want.get(side).get("placement"));
            }
        }
        assertThat(up.json().get("a").get("placement").get("whole_photo_seen").asBoolean()).isFalse();

        // the gallery's embeddings are made the same way: the class score of a one-image class is the pair's score
        Http.Response cls = Http.send(Http.post(server.uri(), "/api/classmap", new Http.Form()
                .file("query", "w.png", Files.readAllBytes(wide)).field("class", "gallery/tall")));
        assertThat(cls.status()).as(cls.body()).isEqualTo(200);
        JsonNode tallClass = null;
        for (JsonNode c : cls.json().get("classes")) {
            if (c.get("label").asText().equals("gallery/tall")) {
                tallClass = c;
            }
        }
        assertThat(tallClass).isNotNull();
        assertThat(tallClass.get("mean_score").asDouble()).isCloseTo(want.get("score").asDouble(), within(1e-5));
    }

    /** The PNG a data URL holds. */
    private static BufferedImage decode(String dataUrl) throws IOException {
        assertThat(dataUrl).startsWith("data:image/png;base64,");
        return ImageIO.read(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(
                dataUrl.substring(dataUrl.indexOf(',') + 1))));
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void mapPicturesAreTheCliPicturesOfTheWholePhotoAtItsShape() throws IOException {
        // pairviz explain's pictures at the web's size: the one drawing path
        Path out = tmp.resolve("pictures");
        List<String> args = new java.util.ArrayList<>(List.of("explain", wide.toString(), tall.toString(),
                "--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--mode", "conservative",
                "--picture-size", String.valueOf(PanelPictures.PAIR_SIDE), "--out", out.toString()));
        args.addAll(FLAGS);
        assertThat(Main.run(args.toArray(String[]::new))).isZero();
        BufferedImage cliWide = ImageIO.read(out.resolve("w_simmap_with_t.png").toFile());
        BufferedImage cliTall = ImageIO.read(out.resolve("t_simmap_with_w.png").toFile());

        Http.Response r = Http.send(Http.post(server.uri(), "/api/explain", new Http.Form()
                .field("a_id", "gallery/wide/w.png").field("b_id", "gallery/tall/t.png").field("mode", "conservative")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        BufferedImage webWide = decode(r.json().get("pictures").get("a").asText());
        BufferedImage webTall = decode(r.json().get("pictures").get("b").asText());
        // the whole photo at its own shape: 64 x 40 and 36 x 64 photos, longer side 480
        assertThat(List.of(webWide.getWidth(), webWide.getHeight())).containsExactly(480, 300);
        assertThat(List.of(webTall.getWidth(), webTall.getHeight())).containsExactly(270, 480);
        assertThat(pixels(webWide)).isEqualTo(pixels(cliWide));
        assertThat(pixels(webTall)).isEqualTo(pixels(cliTall));

        // the class map and a match card: the whole query photo, at its shape
        Http.Response cls = Http.send(Http.post(server.uri(), "/api/classmap", new Http.Form()
                .field("query_id", "gallery/tall/t.png").field("class", "gallery/wide")));
        assertThat(cls.status()).as(cls.body()).isEqualTo(200);
        BufferedImage classPicture = decode(cls.json().get("picture").asText());
        assertThat(List.of(classPicture.getWidth(), classPicture.getHeight())).containsExactly(135, 240);
        Http.Response ret = Http.send(Http.post(server.uri(), "/api/retrieve", new Http.Form()
                .field("query_id", "gallery/tall/t.png").field("k", "1")));
        assertThat(ret.status()).as(ret.body()).isEqualTo(200);
        JsonNode match = ret.json().get("matches").get(0);
        BufferedImage q = decode(match.get("query_picture").asText());
        BufferedImage m = decode(match.get("match_picture").asText());
        assertThat(List.of(q.getWidth(), q.getHeight())).containsExactly(135, 240);
        assertThat(List.of(m.getWidth(), m.getHeight())).containsExactly(240, 150);
    }

    @Test
    void infoReportsThePreprocessingAndWhereEachValueCameFrom() {
        JsonNode p = Http.get(server.uri(), "/api/info").json().get("preprocessing");
        assertThat(p.get("resize").asText()).isEqualTo("center-crop");
        assertThat(p.get("crop_fraction").asDouble()).isEqualTo(0.875);
        assertThat(p.get("pixel_range").asText()).isEqualTo(PixelRange.BYTE.id());
        assertThat(p.get("mean").get(0).asDouble()).isEqualTo(127.5);
        assertThat(p.get("origin").get("resize").asText()).isEqualTo("option resize");
    }
}
