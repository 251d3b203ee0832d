package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pairviz.image.ImageFiles;
import pairviz.image.Normalization;
import pairviz.image.PixelRange;
import pairviz.image.Placement;
import pairviz.image.Preprocessing;
import pairviz.image.Resize;
import pairviz.image.ResizePolicy;
import pairviz.testutil.Fixtures;

/** Maps drawn on the photo as it is: the authors' square picture kept, other shapes kept, unseen parts dimmed. */
class PhotoOverlayTest {
    private static final float[] MAP = { // [4, 4]
        0.1f, 0.2f, 0.3f, 0.9f,
        0.0f, 0.5f, 0.4f, 0.2f,
        0.3f, 0.7f, 1.0f, 0.1f,
        0.6f, 0.2f, 0.8f, 0.4f};
    private static final BufferedImage PORTRAIT = ImageFiles.read(Fixtures.path("image/photo/portrait_180x270.png"));

    private static Preprocessing policy(ResizePolicy policy, int size) {
        return new Preprocessing(size, policy, policy == ResizePolicy.CENTER_CROP ? 0.875 : 1.0, "bilinear",
                PixelRange.UNIT, Normalization.IMAGENET, false, Map.of());
    }

    @Test
    void aSquarePhotoSquashedIsTheAuthorsPictureExactly() {
        BufferedImage photo = ImageFiles.read(Fixtures.fixture("blob0_64.png")); // 64 x 64, network input 32
        PhotoOverlay.Frame frame = PhotoOverlay.Frame.of(Placement.squash(64, 64), 32, 0);
        assertThat(frame).isEqualTo(new PhotoOverlay.Frame(32, 32, 0, 0, 32, 32));
        BufferedImage got = PhotoOverlay.picture(PhotoOverlay.photo(photo, frame), frame, MAP, 4, 4, Colormap.JET);
        BufferedImage want = Overlay.picture(Resize.bilinear(photo, 32, 32), MAP, 4, 4, Colormap.JET);
        assertThat(Fixtures.rgb(got)).containsExactly(Fixtures.rgb(want));

        BufferedImage other = ImageFiles.read(Fixtures.fixture("blob1_64.png"));
        float[] mapB = MAP.clone();
        mapB[0] = 3f;
        Overlay.Pair pair = PhotoOverlay.pair(PhotoOverlay.photo(photo, frame), frame, MAP,
                PhotoOverlay.photo(other, frame), frame, mapB, 4, 4, Colormap.JET, Overlay.Scale.SHARED);
        Overlay.Pair ref = Overlay.pair(Resize.bilinear(photo, 32, 32), MAP, Resize.bilinear(other, 32, 32), mapB, 4, 4,
                Colormap.JET, Overlay.Scale.SHARED);
        assertThat(Fixtures.rgb(pair.a())).containsExactly(Fixtures.rgb(ref.a()));
        assertThat(Fixtures.rgb(pair.b())).containsExactly(Fixtures.rgb(ref.b()));
    }

    @Test
    void aPortraitKeepsItsShapeAndTheCroppedAwayPartsAreDimmed() {
        Preprocessing p = policy(ResizePolicy.CENTER_CROP, 64);
        PhotoOverlay.Frame frame = PhotoOverlay.Frame.of(p.placement(180, 270), 64, 0);
        // the network saw 64 input pixels over 157.8 photo pixels: the whole photo at that scale
        assertThat(frame.width()).isEqualTo(73);
        assertThat((double) frame.height() / frame.width()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(frame.x0()).isEqualTo(4);
        assertThat(frame.y0()).isEqualTo(22);
        assertThat(frame.x1() - frame.x0()).isEqualTo(64);
        BufferedImage pic = PhotoOverlay.picture(PhotoOverlay.photo(PORTRAIT, frame), frame, MAP, 4, 4, Colormap.JET);
        assertThat(pic.getWidth()).isEqualTo(frame.width());
        assertThat(pic.getHeight()).isEqualTo(frame.height());
        // above the crop: grey, dimmed (no colour, never brighter than the dimming allows)
        for (int x = 0; x < pic.getWidth(); x++) {
            int rgb = pic.getRGB(x, 5) & 0xffffff;
            int r = rgb >> 16;
            assertThat(rgb).isEqualTo(r << 16 | r << 8 | r);
            assertThat(r).isLessThanOrEqualTo((int) (255 * 0.45f) + 1);
        }
        // inside: the map in colour
        long coloured = 0;
        for (int y = frame.y0(); y < frame.y1(); y++) {
            for (int x = frame.x0(); x < frame.x1(); x++) {
                int rgb = pic.getRGB(x, y);
                coloured += ((rgb >> 16) & 0xff) != (rgb & 0xff) ? 1 : 0;
            }
        }
        assertThat(coloured).isGreaterThan(64 * 64 / 2);

        // --picture-size: the longer side, the shape kept
        PhotoOverlay.Frame big = PhotoOverlay.Frame.of(p.placement(180, 270), 64, 540);
        assertThat(big.width()).isEqualTo(360);
        assertThat(big.height()).isEqualTo(540);
    }

    @Test
    void aLetterboxedPhotoIsDrawnWholeWithoutItsPadding() {
        Preprocessing p = policy(ResizePolicy.PAD, 60);
        PhotoOverlay.Frame frame = PhotoOverlay.Frame.of(p.placement(180, 270), 60, 0);
        assertThat(frame.width()).isEqualTo(40);
        assertThat(frame.height()).isEqualTo(60);
        assertThat(frame.x0()).isEqualTo(-10);
        assertThat(frame.x1()).isEqualTo(50);
        BufferedImage pic = PhotoOverlay.picture(PhotoOverlay.photo(PORTRAIT, frame), frame, MAP, 4, 4, Colormap.JET);
        assertThat(pic.getWidth()).isEqualTo(40);
        // nothing dimmed: every pixel carries the map's colour somewhere, and the scale spans [0, 1] over the photo
        int maxRed = 0;
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 40; x++) {
                maxRed = Math.max(maxRed, (pic.getRGB(x, y) >> 16) & 0xff);
            }
        }
        assertThat(maxRed).isEqualTo(255);
    }
}
