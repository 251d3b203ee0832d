package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Sample s(String file, String label) {
        return Sample.ofFile(Path.of(file), label);
    }

    @Test
    void combiningKeepsEachDatasetsClassesApartAndCountsWhatIsMissing() {
        Dataset a = new Dataset("scenes", List.of(s("a0", "1"), s("a1", "2")), List.of(s("a2", "3")), 1);
        Dataset b = new Dataset("scenes", List.of(s("b0", "1")), List.of(s("b1", "3"), s("b2", "3")), 2);
        Dataset both = Dataset.combine(List.of(a, b));

        assertThat(both.name()).isEqualTo("scenes (2 datasets)");
        // class "1" of a and class "1" of b are two classes
        assertThat(Dataset.classes(both.train())).containsExactly("1/1", "1/2", "2/1");
        assertThat(both.train()).extracting(Sample::id).containsExactly("a0", "a1", "b0");
        assertThat(both.test()).extracting(Sample::label).containsExactly("1/3", "2/3", "2/3");
        assertThat(both.missing()).isEqualTo(3);
        assertThat(Dataset.combine(List.of(a))).isSameAs(a);
        assertThrows(IllegalArgumentException.class, () -> Dataset.combine(List.of()));
    }
}
