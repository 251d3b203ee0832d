package pairviz.eval.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.explain.HeadFusion;
import pairviz.explain.Mode;

class SamplingAndMethodsTest {
    private static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 3; i++) {
                s.add(Sample.ofFile(Path.of("img", c + "_" + i + ".png"), Integer.toString(c)));
            }
        }
        return s;
    }

    @Test
    void pairsAreDistinctOfTheRightKindAndSeeded() {
        List<ImagePair> same = PairSampler.sameClass(samples(), 100, new Random(1));
        assertThat(same).hasSize(12); // 4 classes x 3 unordered pairs: all there are
        Set<Set<String>> seen = new HashSet<>();
        for (ImagePair p : same) {
            assertThat(p.sameClass()).isTrue();
            assertThat(p.a()).isNotEqualTo(p.b());
            assertThat(seen.add(Set.of(p.a().id(), p.b().id()))).isTrue();
        }
        List<ImagePair> diff = PairSampler.differentClass(samples(), 10, new Random(1));
        assertThat(diff).hasSize(10).noneMatch(ImagePair::sameClass);
        assertThat(PairSampler.differentClass(samples(), 10, new Random(1))).isEqualTo(diff);
    }

    @Test
    void methodIdsRoundTripAndDefaultsFitTheNetwork() {
        for (Method m : Method.defaults(true)) {
            assertThat(Method.parse(m.id())).isEqualTo(m);
        }
        assertThat(Method.parse("Conservative/MAX")).isEqualTo(Method.paired(Mode.CONSERVATIVE, HeadFusion.MAX));
        assertThat(Method.ids(Method.defaults(false))).containsExactly("none", "grad-input", "integrated-gradients",
                "uniform", "random");
        assertThat(Method.parseList("none, random,none")).containsExactly(Method.paired(Mode.NONE, HeadFusion.MEAN), Method.RANDOM);
        assertThatThrownBy(() -> Method.parse("none/max")).isInstanceOf(PairvizException.class)
                .hasMessageStartingWith("unknown method 'none/max': use reference, ");
        assertThatThrownBy(() -> Method.parseList(" , ")).hasMessage("methods lists no method");
    }
}
