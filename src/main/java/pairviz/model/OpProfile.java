package pairviz.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where a network's forward passes spend their time, by kind of operation: off unless a profile is
 * {@link #start() started} ({@code pairviz bench --profile}), and then it times every step of a
 * Vision Transformer's forward pass that the ViT's modules mark with {@link #begin()} and
 * {@link #end(Op, long)}.
 *
 * <p>libtorch runs CPU operations synchronously (an operation returns when its result is written),
 * so the wall time around a call is that operation's time; no barrier is needed. Off, a marked
 * step costs one read of a volatile field. One profile runs at a time, process-wide: the steps of
 * every thread are counted into it while it runs (bench runs one forward pass at a time).
 */
public final class OpProfile {
    /** The kinds of operation a forward pass is split into. */
    public enum Op {
        PATCH_EMBEDDING("patch embedding (convolution, tokens, positions)"),
        QKV("query/key/value projections"),
        PROJECTION("attention output projection"),
        MLP("MLP products (fc1, fc2)"),
        ATTENTION("attention products (QK^T, PV)"),
        SOFTMAX("softmax"),
        LAYER_NORM("layer norms"),
        GELU("GELU"),
        RESHAPE("reshapes, transposes, copies"),
        ELEMENTWISE("scaling, residual adds, LayerScale"),
        HEAD("head and pooling");

        private final String label;

        Op(String label) {
            this.label = label;
        }

        /** What the kind covers, for a table. */
        public String label() {
            return label;
        }
    }

    /**
     * Time, calls and floating-point operations of one kind of operation.
     *
     * @param flops the multiply-adds x 2 of the matrix products counted (0 for the other kinds)
     */
    public record Entry(long nanos, long calls, double flops) {
        /** The rate of the products counted, GFLOP/s; NaN where none were. */
        public double gflopsPerSecond() {
            return flops == 0 || nanos == 0 ? Double.NaN : flops / nanos;
        }
    }

    private static volatile OpProfile active;

    private final Map<Op, Entry> totals = new EnumMap<>(Op.class);

    private OpProfile() {
        for (Op op : Op.values()) {
            totals.put(op, new Entry(0, 0, 0));
        }
    }

    /** Starts a profile (the one of this process); steps are counted into it until {@link #stop()}. */
    public static synchronized OpProfile start() {
        if (active != null) {
            throw new IllegalStateException("a profile is already running");
        }
        active = new OpProfile();
        return active;
    }

    /** Stops counting into this profile. */
    public synchronized void stop() {
        synchronized (OpProfile.class) {
            if (active == this) {
                active = null;
            }
        }
    }

    /** The start of a marked step: a timestamp while a profile runs, 0 when none does. */
    public static long begin() {
        return active == null ? 0 : System.nanoTime();
    }

    /** The end of a marked step that {@link #begin()} started: counts its time under {@code op}. */
    public static void end(Op op, long begin) {
        end(op, begin, 0);
    }

    /**
     * The end of a marked matrix product (or several): counts its time and {@code flops}
     * (multiply-adds x 2) under {@code op}.
     */
    public static void end(Op op, long begin, double flops) {
        OpProfile p = active;
        if (p != null && begin != 0) {
            p.add(op, System.nanoTime() - begin, flops);
        }
    }

    private synchronized void add(Op op, long nanos, double flops) {
        Entry t = totals.get(op);
        totals.put(op, new Entry(t.nanos() + nanos, t.calls() + 1, t.flops() + flops));
    }

    /** Time, calls and products per kind so far, every kind listed, in the order of {@link Op}. */
    public synchronized Map<Op, Entry> entries() {
        return new EnumMap<>(totals);
    }
}
