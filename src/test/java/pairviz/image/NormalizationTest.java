package pairviz.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pairviz.PairvizException;

class NormalizationTest {
    @Test
    void namedStatistics() {
        assertThat(Normalization.parse("imagenet")).isSameAs(Normalization.IMAGENET);
        assertThat(Normalization.parse(" SOP ")).isSameAs(Normalization.SOP);
        assertThat(Normalization.IMAGENET.mean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(Normalization.IMAGENET.std()).containsExactly(0.229f, 0.224f, 0.225f);
        assertThat(Normalization.SOP.mean()).containsExactly(0.5807f, 0.5396f, 0.5044f);
        assertThat(Normalization.SOP.std()).containsExactly(0.2901f, 0.2974f, 0.3095f);
    }

    @Test
    void explicitValues() {
        Normalization n = Normalization.parse("0.5, 0.25,0.125:1,2 ,0.5");
        assertThat(n.mean()).containsExactly(0.5f, 0.25f, 0.125f);
        assertThat(n.std()).containsExactly(1f, 2f, 0.5f);
        assertThat(n).isEqualTo(new Normalization(new float[] {0.5f, 0.25f, 0.125f}, new float[] {1f, 2f, 0.5f}));
        assertThat(Normalization.parse("0.485,0.456,0.406:0.229,0.224,0.225")).isEqualTo(Normalization.IMAGENET);
    }

    @Test
    void valuesCannotBeChangedFromOutside() {
        float[] mean = {0.1f, 0.2f, 0.3f};
        Normalization n = new Normalization(mean, new float[] {1, 1, 1});
        mean[0] = 9;
        n.mean()[1] = 9;
        assertThat(n.mean()).containsExactly(0.1f, 0.2f, 0.3f);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "imagenett | expected imagenet, sop or MEAN_R,MEAN_G,MEAN_B:STD_R,STD_G,STD_B",
        "0.5,0.5,0.5 | expected imagenet, sop or MEAN_R,MEAN_G,MEAN_B:STD_R,STD_G,STD_B",
        "0.5,0.5:1,1,1 | expected imagenet, sop or MEAN_R,MEAN_G,MEAN_B:STD_R,STD_G,STD_B",
        "0.5,0.5,0.5:1,1,1:2 | expected imagenet, sop or MEAN_R,MEAN_G,MEAN_B:STD_R,STD_G,STD_B",
        "0.5,x,0.5:1,1,1 | 'x' is not a number; expected imagenet, sop or MEAN_R,MEAN_G,MEAN_B:STD_R,STD_G,STD_B",
        "0.5,0.5,0.5:1,0,1 | standard deviations must be positive",
        "0.5,0.5,0.5:1,-2,1 | standard deviations must be positive",
        "0.5,NaN,0.5:1,1,1 | values must be finite numbers",
        "0.5,0.5,0.5:1e-40,1e-40,1e-40 | a standard deviation below 1e-6 makes pixel values too large for the network",
        "0.5,0.5,0.5:1,9e-7,1 | a standard deviation below 1e-6 makes pixel values too large for the network",
        "0.5,0.5,0.5:1,1,1e-50 | standard deviations must be positive",
    })
    void badText(String text, String why) {
        assertThatThrownBy(() -> Normalization.parse(text))
                .isInstanceOf(PairvizException.class)
                .hasMessage("bad normalisation '" + text + "': " + why);
    }
}
