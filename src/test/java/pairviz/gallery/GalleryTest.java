package pairviz.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pairviz.data.Sample;
import pairviz.store.FloatMatrix;

class GalleryTest {
    /** Four images on the unit circle's axes and one diagonal: cosines are exact small numbers. */
    static final Gallery G = new Gallery(List.of(
            Sample.ofFile(Path.of("/g/a/0.png"), "a"),
            Sample.ofFile(Path.of("/g/a/1.png"), "a"),
            Sample.ofFile(Path.of("/g/b/0.png"), "b"),
            Sample.ofFile(Path.of("/g/b/1.png"), "b"),
            Sample.ofFile(Path.of("/g/c/0.png"), "c")),
            FloatMatrix.of(new float[][] {{1, 0}, {0, 2}, {-3, 0}, {0, -1}, {1, 1}}));

    @Test
    void topLeavesTheQueryOutAndScoresByCosine() {
        List<Gallery.Match> top = G.top(new float[] {2, 0}, 2, Path.of("/g/a/0.png"), "c");
        // without image 0 (the query's own file): the diagonal (cos 1/sqrt 2), then image 1 (cos 0)
        assertThat(top).extracting(Gallery.Match::index).containsExactly(4, 1);
        assertThat(top.get(0).score()).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(top.get(0).correct()).isTrue();
        assertThat(top.get(1).score()).isCloseTo(0, within(1e-12));
        assertThat(G.top(new float[] {2, 0}, 2, Gallery.NONE, null)).extracting(Gallery.Match::index).containsExactly(0, 4);
    }

    @Test
    void classScoresAreMeanCosinesWithTheQueryLeftOut() {
        float[] q = {1, 0};
        // with image 0 left out: a = {cos 0} = 0, b = (-1 + 0) / 2, c = 1/sqrt 2
        List<Gallery.ClassScore> s = G.classScores(q, 0);
        assertThat(s).extracting(Gallery.ClassScore::label).containsExactly("c", "a", "b");
        assertThat(s).extracting(Gallery.ClassScore::members).containsExactly(1, 1, 2);
        assertThat(s.get(0).meanScore()).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(s.get(1).meanScore()).isCloseTo(0, within(1e-12));
        assertThat(s.get(2).meanScore()).isCloseTo(-0.5, within(1e-12));
        // nothing left out: a = (1 + 0) / 2, second behind c
        assertThat(G.classScores(q, Gallery.NONE).get(1)).isEqualTo(new Gallery.ClassScore("a", 2, 0.5));
        // a class of the query alone is not listed
        assertThat(G.classScores(q, 4)).extracting(Gallery.ClassScore::label).containsExactly("a", "b");
    }

    @Test
    void membersLeaveTheQueryOut() {
        assertThat(G.memberIndices("a", Path.of("/g/a/1.png"))).containsExactly(0);
        assertThat(G.members("b", Gallery.NONE)).hasSize(2);
        assertThat(G.labelOf(Path.of("/g/b/1.png"), null)).isEqualTo("b");
        assertThat(G.labels()).containsExactly("a", "b", "c");
    }
}
