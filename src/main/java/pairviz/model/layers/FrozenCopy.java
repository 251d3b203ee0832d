package pairviz.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.BiFunction;

/**
 * A function of a frozen weight (its standardised filters, its bfloat16 copy), computed once per
 * weight array and kept with the weight, in its manager, until the array is replaced. Thread-safe.
 */
final class FrozenCopy {
    private final BiFunction<NDArray, NDManager, NDArray> derive;
    private NDArray source; // the weight array the copy below was made from
    private NDArray copy;

    /** @param derive the weight and a scratch manager -> the copy, which must live in that manager */
    FrozenCopy(BiFunction<NDArray, NDManager, NDArray> derive) {
        this.derive = derive;
    }

    /** The copy made from {@code w}; made now if {@code w} is not the array the kept copy came from. */
    synchronized NDArray of(NDArray w) {
        if (source != w) {
            NDArray c;
            try (NDManager scratch = w.getManager().newSubManager()) {
                c = derive.apply(w, scratch);
                c.attach(w.getManager());
            }
            if (copy != null) {
                copy.close();
            }
            copy = c;
            source = w;
        }
        return copy;
    }
}
