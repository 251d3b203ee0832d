package pairviz.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import pairviz.testutil.Fixtures;

/** Against torch's float32 ToTensor + Normalize and the greyscale base (make_fixtures.py). */
class PreprocessTest {
    private final BufferedImage image = ImageFiles.read(Fixtures.path("image/tensor_src.png")); // 32 x 24

    @Test
    void imagenetTensorEqualsTorch() {
        assertThat(Preprocess.toTensor(image, Normalization.IMAGENET))
                .hasSize(3 * 24 * 32)
                .containsExactly(Fixtures.f32("image/tensor_imagenet.f32"));
    }

    @Test
    void sopTensorEqualsTorch() {
        assertThat(Preprocess.toTensor(image, Normalization.SOP)).containsExactly(Fixtures.f32("image/tensor_sop.f32"));
    }

    @Test
    void greyEqualsReference() {
        assertThat(Preprocess.grey(image)).hasSize(24 * 32).containsExactly(Fixtures.f32("image/tensor_grey.f32"));
    }

    @Test
    void layoutIsChannelMajor() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 1, 0xff0000); // last pixel pure red
        Normalization identity = Normalization.parse("0,0,0:1,1,1");
        float[] t = Preprocess.toTensor(img, identity);
        assertThat(t[5]).isEqualTo(1f); // R plane, (y=1, x=2)
        assertThat(t[6 + 5]).isZero(); // G plane
        assertThat(t[12 + 5]).isZero(); // B plane
        assertThat(Preprocess.grey(img)[5]).isEqualTo(0.299f);
    }
}
