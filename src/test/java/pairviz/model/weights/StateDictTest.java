package pairviz.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictTest {

    @Test
    void tensorValidatesShapeAgainstData() {
        assertThatThrownBy(() -> Tensor.of(new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor of shape [2, 3] needs 6 values, got 5");
        assertThatThrownBy(() -> new Tensor(new long[] {-1, -6}, new float[6]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tensor(new long[] {1L << 40, 1L << 40}, new float[0]))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void tensorAccessors() {
        Tensor t = Tensor.of(new float[768 * 3 * 16 * 16], 768, 3, 16, 16);
        assertThat(t.shapeString()).isEqualTo("[768, 3, 16, 16]");
        assertThat(t.numel()).isEqualTo(589_824);
        assertThat(t.rank()).isEqualTo(4);
        assertThat(t.dim(0)).isEqualTo(768);
        assertThat(t.dim(-1)).isEqualTo(16);
        assertThat(t.dim(-4)).isEqualTo(768);
        assertThatThrownBy(() -> t.dim(4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(t.toString()).isEqualTo("Tensor[768, 3, 16, 16]");
        Tensor scalar = Tensor.of(new float[] {2f});
        assertThat(scalar.numel()).isEqualTo(1);
        assertThat(scalar.shapeString()).isEqualTo("[]");
    }

    @Test
    void tensorShapeIsCopied() {
        long[] shape = {2, 2};
        Tensor t = new Tensor(shape, new float[4]);
        shape[0] = 4;
        t.shape()[1] = 9;
        assertThat(t.shape()).containsExactly(2, 2);
        assertThat(t.hasShape(2, 2)).isTrue();
    }

    private static StateDict abc() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("module.c", Tensor.of(new float[] {1, 2, 3}, 3));
        m.put("module.a", Tensor.of(new float[] {4, 5}, 1, 2));
        m.put("b", Tensor.of(new float[] {6}));
        return StateDict.of(m);
    }

    @Test
    void keepsInsertionOrderAndCounts() {
        StateDict d = abc();
        assertThat(d.names()).containsExactly("module.c", "module.a", "b");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.parameterCount()).isEqualTo(6);
        assertThat(d.contains("b")).isTrue();
        assertThat(d.contains("a")).isFalse();
        assertThat(d.get("a")).isNull();
        assertThat(d.get("module.a").data()).containsExactly(4, 5);
        assertThatThrownBy(() -> d.asMap().put("x", Tensor.of(new float[] {1})))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void stripPrefixOnlyTouchesMatchingNames() {
        StateDict original = abc();
        StateDict s = original.stripPrefix("module.");
        assertThat(s.names()).containsExactly("c", "a", "b");
        assertThat(s.get("a")).isSameAs(original.get("module.a")); // tensors are not copied
        assertThat(original.names()).containsExactly("module.c", "module.a", "b"); // unchanged
        assertThat(original.allNamesStartWith("module.")).isFalse();
        assertThat(s.stripPrefix("zzz.").names()).containsExactly("c", "a", "b");
    }

    @Test
    void renameKeepsOrderAndRejectsCollisions() {
        assertThat(abc().rename(n -> n.toUpperCase()).names()).containsExactly("MODULE.C", "MODULE.A", "B");
        assertThatThrownBy(() -> abc().rename(n -> "same"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("renaming gives two weights the same name 'same'");
        Map<String, Tensor> clash = new LinkedHashMap<>();
        clash.put("module.b", Tensor.of(new float[] {1}));
        clash.put("b", Tensor.of(new float[] {2}));
        assertThatThrownBy(() -> StateDict.of(clash).stripPrefix("module."))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
