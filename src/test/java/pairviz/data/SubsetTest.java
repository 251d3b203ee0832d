package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import pairviz.BadParameterException;

/** Which images of a dataset a task uses. */
class SubsetTest {
    private static Sample sample(String id, String label) {
        return new Sample(new FileImage(java.nio.file.Path.of(id + ".png")), label);
    }

    @Test
    void testTrainAndAllKeepTheDatasetsOrder() {
        Sample a = sample("a", "0");
        Sample b = sample("b", "1");
        Sample c = sample("c", "1");
        Dataset d = new Dataset("d", List.of(a, b), List.of(c));
        assertThat(Subset.parse("TEST").of(d)).containsExactly(c);
        assertThat(Subset.parse("train").of(d)).containsExactly(a, b);
        assertThat(Subset.ALL.of(d)).containsExactly(a, b, c);
        assertThatThrownBy(() -> Subset.parse("val")).isInstanceOf(BadParameterException.class)
                .hasMessage("unknown subset 'val': use test, train or all");
        assertThatThrownBy(() -> Subset.TRAIN.require(new Dataset("d", List.of(), List.of(c)), java.nio.file.Path.of("dir")))
                .hasMessage("the train images of dir are none");
    }
}
