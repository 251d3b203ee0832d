package pairviz.explain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import pairviz.PairvizException;

/**
 * How a map is made: the paper's decomposition carried back by attention rollout in one of three
 * ways ({@link Decomposition}: costs no pass beyond the image's own forward pass), or a gradient
 * method that takes gradients toward the partner ({@link #gradient()}: grad-rollout and grad-input
 * through the image's own forward pass, kept, one backward pass a map; the others run the network
 * again).
 */
public enum Mode {
    /**
     * What pairviz recommends for the network, chosen by its faithfulness benchmark (README,
     * docs/faithfulness.md): {@link #TRANSFORMER_DEFAULT} for a transformer, the decomposition
     * ({@link #NONE}) for a CNN, which has no rollout ({@link #resolve}).
     */
    AUTO,
    /**
     * The authors' {@code R . map}: each position averages the values it attends to; the total is
     * not kept. Reproduces the paper exactly.
     */
    REFERENCE,
    /** {@code R^T . map}: each output token's share goes to the inputs that fed it; sums to the score. */
    CONSERVATIVE,
    /** No rollout: the decomposition over output tokens alone. */
    NONE,
    /**
     * Gradient-weighted rollout (Chefer, Gur, Wolf 2021) with the pair's cosine as the target:
     * {@link GradientRollout}. Transformers only.
     */
    GRAD_ROLLOUT,
    /**
     * SmoothGrad over gradient-weighted rollout: the mean of the grad-rollout maps of noisy copies
     * of the image ({@link SmoothGradRollout}). Transformers only.
     */
    SMOOTH_GRAD_ROLLOUT,
    /** Gradient x input on the pixels, summed per patch: {@link GradientTimesInput}. */
    GRAD_INPUT,
    /** Integrated gradients from a baseline image (black by default), summed per patch: {@link IntegratedGradients}. */
    INTEGRATED_GRADIENTS;

    /**
     * The mode {@link #AUTO} picks for a transformer (docs/faithfulness.md, "Defaults by evidence"):
     * partner specificity at least 0.85 on five scenes seeds for both shipped ViTs, and the best
     * of the rollout modes on photos by construction, at one backward pass a map.
     * {@link #SMOOTH_GRAD_ROLLOUT} is higher on every scenes seed (at least 0.90) but lower on
     * photos, at eight passes; {@link #INTEGRATED_GRADIENTS} (64 steps) is at least as high on
     * photos within the intervals but falls to 0.833 on a scenes seed, at 64 passes. No mode
     * reaches 0.85 on photos for the ViTs measured.
     */
    public static final Mode TRANSFORMER_DEFAULT = GRAD_ROLLOUT;

    /** Parses an {@link #id()}, e.g. {@code reference} or {@code grad-rollout}. */
    public static Mode parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (Mode m : values()) {
            if (m.id().equals(t)) {
                return m;
            }
        }
        throw new PairvizException("unknown mode '" + s + "': use " + ids());
    }

    /** Every id, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", "));
    }

    /** The lower-case name used on the command line and in JSON, e.g. {@code grad-rollout}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether maps need a backward pass of the network per pair (else they come from the features alone). */
    public boolean gradient() {
        return this == GRAD_ROLLOUT || this == SMOOTH_GRAD_ROLLOUT || this == GRAD_INPUT || this == INTEGRATED_GRADIENTS;
    }

    /** Whether the mode needs a transformer's attention maps. */
    public boolean needsAttention() {
        return this == REFERENCE || this == CONSERVATIVE || this == GRAD_ROLLOUT || this == SMOOTH_GRAD_ROLLOUT;
    }

    /**
     * The mode {@link #AUTO} picks where gradient-weighted rollout cannot run: for a transformer
     * whose attention maps are outputs, not taps (a TorchScript network), and for a class-token
     * network that returns no attention (its decomposition is all on the class token). It is the
     * best of what remains by partner specificity, the benchmark's first measure (0.950 on both
     * ViTs against 0.807 and 0.500 for {@link #CONSERVATIVE}: docs/faithfulness.md).
     */
    public static final Mode UNTAPPED_DEFAULT = INTEGRATED_GRADIENTS;

    /**
     * This mode for maps of {@code image}: {@link #AUTO} becomes the mode it recommends for the
     * image's network: the decomposition ({@link #NONE}) for a mean-pooled network without
     * attention (a CNN), {@link #TRANSFORMER_DEFAULT} for a transformer whose attention maps
     * pairviz can tap, {@link #UNTAPPED_DEFAULT} otherwise.
     */
    public Mode resolve(ImageFeatures image) {
        if (this != AUTO) {
            return this;
        }
        if (image.rollout() == null) {
            return image.classToken() ? UNTAPPED_DEFAULT : NONE;
        }
        Origins.Origin origin = Origins.of(image);
        boolean taps = origin == null || origin.extractor().model().config().attentionTaps();
        return taps ? TRANSFORMER_DEFAULT : UNTAPPED_DEFAULT;
    }

    /** The method that makes this mode's maps ({@link #AUTO} must be resolved first). */
    MapMethod method() {
        return switch (this) {
            case AUTO -> throw new IllegalStateException("resolve mode auto for an image first");
            case REFERENCE, CONSERVATIVE, NONE -> Decomposition.INSTANCE;
            case GRAD_ROLLOUT -> GradientRollout.INSTANCE;
            case SMOOTH_GRAD_ROLLOUT -> SmoothGradRollout.INSTANCE;
            case GRAD_INPUT -> GradientTimesInput.INSTANCE;
            case INTEGRATED_GRADIENTS -> IntegratedGradients.INSTANCE;
        };
    }
}
