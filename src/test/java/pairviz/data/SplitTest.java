package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;

class SplitTest {

    private static List<Sample> samples(String... labels) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            s.add(Sample.ofFile(Path.of("img" + i + ".png"), labels[i]));
        }
        return s;
    }

    private static List<String> ids(List<Sample> s) {
        return s.stream().map(Sample::id).toList();
    }

    @Test
    void classSplitSortsClassesNumericallyAndTrainsOnTheFirstHalf() {
        // Classes 1, 2, 10, 11: numerically sorted, first two train; order of images kept.
        Dataset d = Split.UNSEEN_CLASSES.apply("x", samples("10", "2", "1", "11", "2", "10"), 3);
        assertThat(Dataset.classes(d.train())).containsExactly("1", "2");
        assertThat(Dataset.classes(d.test())).containsExactly("10", "11");
        assertThat(ids(d.train())).containsExactly("img1.png", "img2.png", "img4.png");
        assertThat(ids(d.test())).containsExactly("img0.png", "img3.png", "img5.png");
        assertThat(d.missing()).isEqualTo(3);
    }

    @Test
    void imageSplitDividesEachClass() {
        Dataset d = Split.parse("images:0.5").apply("x", samples("a", "a", "a", "a", "b", "b", "c"), 0);
        assertThat(ids(d.train())).containsExactly("img0.png", "img1.png", "img4.png", "img6.png");
        assertThat(ids(d.test())).containsExactly("img2.png", "img3.png", "img5.png");
    }

    @Test
    void trainCountRoundsHalvesUpAndKeepsBothSidesNonEmpty() {
        Split half = Split.UNSEEN_CLASSES;
        assertThat(half.trainCount(5)).isEqualTo(3);
        assertThat(half.trainCount(10)).isEqualTo(5);
        assertThat(new Split(Split.Mode.CLASSES, 0.01).trainCount(10)).isEqualTo(1);
        assertThat(new Split(Split.Mode.CLASSES, 0.99).trainCount(10)).isEqualTo(9);
        assertThat(new Split(Split.Mode.CLASSES, 1).trainCount(10)).isEqualTo(10);
        assertThat(new Split(Split.Mode.CLASSES, 0).trainCount(10)).isZero();
    }

    @Test
    void parsesAndRejects() {
        assertThat(Split.parse("classes")).isEqualTo(Split.UNSEEN_CLASSES);
        assertThat(Split.parse(" Images:0.8 ")).isEqualTo(new Split(Split.Mode.IMAGES, 0.8));
        assertThat(assertThrows(PairvizException.class, () -> Split.parse("random")).getMessage())
                .isEqualTo("bad split 'random': expected classes[:FRACTION] or images[:FRACTION]");
        assertThat(assertThrows(PairvizException.class, () -> Split.parse("classes:x")).getMessage())
                .isEqualTo("bad split 'classes:x': 'x' is not a number");
        assertThat(assertThrows(PairvizException.class, () -> Split.parse("classes:1.5")).getMessage())
                .isEqualTo("split train fraction must be between 0 and 1, got 1.5");
    }
}
