package pairviz.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import pairviz.PairvizException;

/** The optimizers {@code pairviz train} offers, by their {@code --optimizer} names. */
public enum OptimizerKind {
    /** {@link PyTorchSgd}, the paper's: momentum cycled 0.95 -> 0.85 -> 0.95 by the one-cycle schedule. */
    SGD("sgd"),
    /** {@link PyTorchAdamW}: beta1 cycled as SGD's momentum is; what a ViT trained from scratch needs. */
    ADAMW("adamw");

    /** The {@code --optimizer} name. */
    public final String key;

    OptimizerKind(String key) {
        this.key = key;
    }

    /** The optimizer called {@code name}; a one-line error lists the names otherwise. */
    public static OptimizerKind of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.key.equals(n)).findFirst().orElseThrow(() -> new PairvizException(
                "unknown optimizer '" + name + "': use " + Arrays.stream(values()).map(k -> k.key).collect(Collectors.joining(" or "))));
    }

    /** A builder of this optimizer over {@code schedule} with weight decay {@code wd}. */
    PyTorchOptimizer.Builder<?> builder(Schedule schedule, float wd) {
        PyTorchOptimizer.Builder<?> b = this == SGD ? PyTorchSgd.builder() : PyTorchAdamW.builder();
        b.setSchedule(schedule).optWeightDecays(wd);
        return b;
    }
}
