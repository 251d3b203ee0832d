package pairviz.eval.faithfulness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.HeadFusion;
import pairviz.explain.IntegratedGradientsSpec;
import pairviz.explain.Heatmap;
import pairviz.explain.Mode;
import pairviz.explain.OutputAgnosticRollout;
import pairviz.explain.PairExplainer;
import pairviz.explain.RolloutSpec;

/**
 * One way of making the map of image A in a pair, by its command-line id: a paired map
 * ({@code reference}, {@code conservative}, {@code none}, with {@code /min} or {@code /max} for
 * another head fusion than the mean), the output-agnostic {@code rollout} of A, or a baseline that
 * knows nothing of the pair: {@code uniform} (the score spread evenly) and {@code random} (seeded
 * random values scaled to sum to the score).
 *
 * @param kind what sort of map
 * @param mode the paired map's mode (null for the others)
 * @param fusion the head fusion of the rollout it uses (MEAN when none is used)
 * @param integratedGradients steps and baseline of a paired map in mode integrated-gradients
 */
public record Method(Kind kind, Mode mode, HeadFusion fusion, IntegratedGradientsSpec integratedGradients) {

    /** The sorts of map. */
    public enum Kind {
        PAIRED,
        ROLLOUT,
        UNIFORM,
        RANDOM
    }

    public static final Method ROLLOUT = new Method(Kind.ROLLOUT, null, HeadFusion.MEAN);
    public static final Method UNIFORM = new Method(Kind.UNIFORM, null, HeadFusion.MEAN);
    public static final Method RANDOM = new Method(Kind.RANDOM, null, HeadFusion.MEAN);

    public Method {
        if ((kind == Kind.PAIRED) != (mode != null) || fusion == null || integratedGradients == null) {
            throw new IllegalArgumentException("a paired map needs a mode, the others none; fusion is required");
        }
    }

    /** A method with integrated gradients' defaults ({@link IntegratedGradientsSpec#DEFAULT}). */
    public Method(Kind kind, Mode mode, HeadFusion fusion) {
        this(kind, mode, fusion, IntegratedGradientsSpec.DEFAULT);
    }

    /** This method with other integrated-gradients steps and baseline (only integrated gradients use them). */
    public Method withIntegratedGradients(IntegratedGradientsSpec spec) {
        return new Method(kind, mode, fusion, spec);
    }

    /** A paired map. */
    public static Method paired(Mode mode, HeadFusion fusion) {
        return new Method(Kind.PAIRED, mode, mode.needsAttention() ? fusion : HeadFusion.MEAN);
    }

    /** The command-line id, e.g. {@code reference}, {@code conservative/min}, {@code rollout}. */
    public String id() {
        return switch (kind) {
            case PAIRED -> mode.id() + (fusion == HeadFusion.MEAN ? "" : "/" + fusion.id());
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Whether the map needs a transformer's rollout. */
    public boolean needsRollout() {
        return kind == Kind.ROLLOUT || kind == Kind.PAIRED && mode.needsAttention();
    }

    /** The rollout the map uses (the mean-fusion one when it uses none). */
    public RolloutSpec rollout() {
        return new RolloutSpec(fusion, 0);
    }

    /**
     * The map of A in a pair.
     *
     * @param pair A's and B's features
     * @param random the pair's own random numbers (for {@code random})
     */
    public Heatmap mapOfA(PairFeatures pair, Random random) {
        var a = pair.a(fusion);
        int n = a.gridRows() * a.gridCols();
        return switch (kind) {
            case PAIRED -> new PairExplainer(new ExplainOptions(mode, rollout(), integratedGradients)).mapOf(a, pair.b(fusion));
            case ROLLOUT -> OutputAgnosticRollout.explain(a);
            case UNIFORM -> {
                float[] v = new float[n];
                java.util.Arrays.fill(v, (float) (pair.score() / n));
                yield new Heatmap(a.gridRows(), a.gridCols(), v);
            }
            case RANDOM -> {
                double[] r = new double[n];
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    r[i] = random.nextDouble();
                    sum += r[i];
                }
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (r[i] / sum * pair.score());
                }
                yield new Heatmap(a.gridRows(), a.gridCols(), v);
            }
        };
    }

    /** Parses one id. */
    public static Method parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "rollout":
                return ROLLOUT;
            case "uniform":
                return UNIFORM;
            case "random":
                return RANDOM;
            default:
                break;
        }
        int slash = t.indexOf('/');
        try {
            Mode mode = Mode.parse(slash < 0 ? t : t.substring(0, slash));
            HeadFusion fusion = slash < 0 ? HeadFusion.MEAN : HeadFusion.parse(t.substring(slash + 1));
            if (!mode.needsAttention() && fusion != HeadFusion.MEAN) {
                throw new PairvizException("none");
            }
            return paired(mode, fusion);
        } catch (PairvizException e) {
            throw new PairvizException("unknown method '" + text + "': use " + String.join(", ", ids(defaults(true))));
        }
    }

    /** Parses a comma-separated list, keeping the order and dropping repeats. */
    public static List<Method> parseList(String text) {
        List<Method> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Method m = parse(part);
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        if (out.isEmpty()) {
            throw BadParameterException.of("methods", "lists no method");
        }
        return out;
    }

    /**
     * Every method that makes sense for the network: for a transformer the paired maps in the
     * three modes with mean fusion, reference and conservative with min and max fusion, rollout,
     * uniform, random; for a CNN the decomposition ({@code none}), uniform and random.
     */
    public static List<Method> defaults(boolean transformer) {
        List<Method> out = new ArrayList<>();
        if (transformer) {
            for (Mode m : List.of(Mode.REFERENCE, Mode.CONSERVATIVE)) {
                for (HeadFusion f : HeadFusion.values()) {
                    out.add(paired(m, f));
                }
            }
        }
        out.add(paired(Mode.NONE, HeadFusion.MEAN));
        if (transformer) {
            out.add(paired(Mode.GRAD_ROLLOUT, HeadFusion.MEAN));
            out.add(paired(Mode.SMOOTH_GRAD_ROLLOUT, HeadFusion.MEAN));
        }
        out.add(paired(Mode.GRAD_INPUT, HeadFusion.MEAN));
        out.add(paired(Mode.INTEGRATED_GRADIENTS, HeadFusion.MEAN));
        if (transformer) {
            out.add(ROLLOUT);
        }
        out.add(UNIFORM);
        out.add(RANDOM);
        return out;
    }

    /**
     * Every method that makes sense for a network of this architecture: {@link #defaults(boolean)}
     * for a transformer or a CNN, without grad-rollout where the attention cannot be tapped (a
     * TorchScript network's).
     */
    public static List<Method> defaults(pairviz.model.ModelConfig config) {
        List<Method> out = new ArrayList<>(defaults(config.attentionLayers() > 0));
        if (!config.attentionTaps()) {
            out.removeIf(m -> m.mode() == Mode.GRAD_ROLLOUT || m.mode() == Mode.SMOOTH_GRAD_ROLLOUT);
        }
        return out;
    }

    /** The ids of some methods. */
    public static List<String> ids(List<Method> methods) {
        return methods.stream().map(Method::id).toList();
    }
}
