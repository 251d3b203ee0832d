package pairviz.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pairviz.testutil.Fixtures;

/**
 * {@link Preprocessing#prepare} against torchvision 0.14's {@code Resize(R) + CenterCrop(S)} on a
 * PIL image, then ToTensor, range, channel order and Normalize, on a real portrait photo
 * (src/test/python/make_preprocessing_fixtures.py).
 */
class PreprocessingTest {
    private static final String DIR = "image/photo/";

    static Stream<JsonNode> cases() {
        return StreamSupport.stream(Fixtures.json(DIR + "expected.json").get("cases").spliterator(), false);
    }

    private static Preprocessing of(JsonNode c) {
        float[] mean = Fixtures.floats(c.get("mean"));
        float[] std = Fixtures.floats(c.get("std"));
        return new Preprocessing(c.get("size").asInt(), ResizePolicy.CENTER_CROP, c.get("crop_fraction").asDouble(),
                c.get("interpolation").asText(), PixelRange.parse(c.get("range").asText()), new Normalization(mean, std),
                c.get("bgr").asBoolean(), Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void centerCropIsTorchvisionsResizeThenCenterCrop(JsonNode c) {
        Preprocessing p = of(c);
        BufferedImage photo = ImageFiles.read(Fixtures.path(DIR + c.get("photo").asText()));
        assertThat(p.resizedShorterSide()).isEqualTo(c.get("resized_shorter_side").asInt());

        // the picture after resize and crop: Pillow's bytes exactly
        assertThat(Fixtures.rgb(p.picture(photo)))
                .containsExactly(Fixtures.expectedRgb(DIR + c.get("name").asText() + ".png"));

        float[] x = p.prepare(photo).pixels(); // [3, S, S]
        int s = c.get("size").asInt();
        assertThat(x).hasSize(3 * s * s);
        double sum = 0;
        double squares = 0;
        for (float v : x) {
            sum += v;
            squares += (double) v * v;
        }
        assertThat(sum).isCloseTo(c.get("sum").asDouble(), within(1e-5 * x.length));
        assertThat(squares).isCloseTo(c.get("sum_squares").asDouble(), within(1e-5 * x.length));
        for (JsonNode pick : c.get("samples")) {
            int ch = pick.get(0).asInt();
            int y = pick.get(1).asInt();
            int xx = pick.get(2).asInt();
            assertThat((double) x[(ch * s + y) * s + xx]).as("[%d, %d, %d]", ch, y, xx)
                    .isCloseTo(pick.get(3).asDouble(), within(1e-5 * Math.max(1, Math.abs(pick.get(3).asDouble()))));
        }
    }

    @Test
    void centerCropPlacementIsTheCroppedRectangleOfThePhoto() {
        // 180 x 270 at S = 64, fraction 0.875: resized to 73 x 109, crop at (round(4.5) = 4, round(22.5) = 22)
        Preprocessing p = new Preprocessing(64, ResizePolicy.CENTER_CROP, 0.875, "bilinear", PixelRange.UNIT,
                Normalization.IMAGENET, false, Map.of());
        Placement pl = p.placement(180, 270);
        assertThat(pl.left()).isCloseTo(4 * 180.0 / 73, within(1e-9));
        assertThat(pl.top()).isCloseTo(22 * 270.0 / 109, within(1e-9));
        assertThat(pl.width()).isCloseTo(64 * 180.0 / 73, within(1e-9));
        assertThat(pl.height()).isCloseTo(64 * 270.0 / 109, within(1e-9));
        assertThat(pl.showsWholePhoto()).isFalse();
    }

    @Test
    void squashIsTheAuthorsPathBitForBit() {
        BufferedImage photo = ImageFiles.read(Fixtures.path(DIR + "portrait_180x270.png"));
        Preprocessing p = Preprocessing.authors(48, Normalization.SOP, Map.of());
        PreparedImage prepared = p.prepare(photo);
        assertThat(prepared.pixels()).containsExactly(Preprocess.networkInput(photo, 48, Normalization.SOP));
        assertThat(prepared.placement()).isEqualTo(Placement.squash(180, 270));
    }

    @Test
    void padLetterboxesWithTheMeanSoPaddingIsZero() {
        BufferedImage photo = ImageFiles.read(Fixtures.path(DIR + "portrait_180x270.png"));
        Preprocessing p = new Preprocessing(60, ResizePolicy.PAD, 1.0, "bicubic", PixelRange.UNIT,
                Normalization.IMAGENET, false, Map.of());
        PreparedImage prepared = p.prepare(photo);
        float[] x = prepared.pixels();
        // 180 x 270 -> 40 x 60, centred: columns 0..9 and 50..59 are padding
        BufferedImage inner = Resize.bicubic(photo, 40, 60);
        float[] expected = Preprocess.toTensor(inner, Normalization.IMAGENET); // [3, 60, 40]
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 60; y++) {
                for (int xx = 0; xx < 60; xx++) {
                    float v = x[(c * 60 + y) * 60 + xx];
                    if (xx < 10 || xx >= 50) {
                        assertThat(v).isZero();
                    } else {
                        assertThat(v).isEqualTo(expected[(c * 60 + y) * 40 + xx - 10]);
                    }
                }
            }
        }
        Placement pl = prepared.placement();
        assertThat(pl.left()).isCloseTo(-10 * 180.0 / 40, within(1e-9));
        assertThat(pl.top()).isZero();
        assertThat(pl.width()).isCloseTo(270, within(1e-9));
        assertThat(pl.showsWholePhoto()).isTrue();
        // the picture of the input draws the padding in the mean colour
        int corner = p.picture(photo).getRGB(0, 0) & 0xffffff;
        assertThat(corner).isEqualTo(Math.round(0.485f * 255) << 16 | Math.round(0.456f * 255) << 8 | Math.round(0.406f * 255));
    }

    @Test
    void bgrAndByteRangeReorderAndScale() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                img.setRGB(x, y, 0xc86432); // R 200, G 100, B 50
            }
        }
        Normalization id = Normalization.parse("0,0,0:1,1,1");
        float[] bgr = new Preprocessing(2, ResizePolicy.SQUASH, 1, "bilinear", PixelRange.BYTE, id, true, Map.of())
                .prepare(img).pixels();
        assertThat(bgr).containsExactly(50, 50, 50, 50, 100, 100, 100, 100, 200, 200, 200, 200);
        float[] signed = new Preprocessing(2, ResizePolicy.SQUASH, 1, "bilinear", PixelRange.SIGNED, id, false, Map.of())
                .prepare(img).pixels();
        assertThat(signed[0]).isEqualTo(200 / 127.5f - 1f);
    }

    /** A fill colour is normalised exactly as a photo of that colour is, channel order included. */
    @Test
    void aColourIsNormalisedAsAPhotoOfThatColour() {
        BufferedImage img = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                img.setRGB(x, y, (10 << 16) | (120 << 8) | 250);
            }
        }
        Normalization sop = Normalization.SOP;
        for (PixelRange range : PixelRange.values()) {
            for (boolean bgr : new boolean[] {false, true}) {
                Preprocessing p = new Preprocessing(3, ResizePolicy.SQUASH, 1, "bilinear", range, sop, bgr, Map.of());
                float[] pixels = p.prepare(img).pixels(); // [3, 3, 3]
                float[] colour = p.colour(10, 120, 250);
                for (int c = 0; c < 3; c++) {
                    assertThat(colour[c]).as("%s bgr %s channel %d", range, bgr, c).isEqualTo(pixels[c * 9]);
                }
            }
        }
        assertThat(Preprocessing.authors(3, Normalization.IMAGENET, Map.of()).colour(0, 0, 0)[0])
                .isEqualTo((0 - 0.485f) / 0.229f);
    }
}
