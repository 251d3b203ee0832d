package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void numbersSortByValueBeforeNames() {
        List<String> labels = new ArrayList<>(List.of("b", "10", "2", "10a", "010", "1", "a", "100"));
        labels.sort(Labels.NATURAL);
        assertThat(labels).containsExactly("1", "2", "10", "010", "100", "10a", "a", "b");
    }

    @Test
    void hugeNumbersDoNotOverflow() {
        assertThat(Labels.NATURAL.compare("99999999999999999999999", "100000000000000000000000")).isNegative();
    }
}
