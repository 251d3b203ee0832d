package pairviz.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.NormalInitializer;

import pairviz.PairvizException;
import pairviz.model.Scalars;

/**
 * ArcFace (Deng et al. 2019) as pytorch-metric-learning's {@code ArcFaceLoss}.
 *
 * <p>Class weights {@code W} are [E, C] (PML's layout), initialised N(0, 1) as PML's default
 * {@code torch.nn.init.normal_}. For unit embeddings x and unit columns of W:
 *
 * <pre>
 *   cos[b, c]  = x_b . W_c / |W_c|                              [B, C]
 *   theta_b    = acos(clamp(cos[b, y_b], -1 + 1e-7, 1 - 1e-7))
 *   target_b   = cos(theta_b + m)             if theta_b &lt;= pi - m
 *              = cos(theta_b) - m * sin(m)    otherwise
 *   logits     = s * cos, with logits[b, y_b] = s * target_b
 *   loss       = mean_b cross_entropy(logits_b, y_b)
 * </pre>
 *
 * <p>The fallback is PML's current rule ({@code torch.where(angles <= pi - margin,
 * cos(angles + margin), cos(angles) - margin * sin(margin))}, the same as insightface's {@code
 * cos > cos(pi - m) ? phi : cos - m sin m}); it keeps the target logit decreasing in theta. PML's
 * current release clamps the cosine to [-1, 1] before {@code acos}; older releases clamped to
 * [-1 + 1e-7, 1 - 1e-7], which is used here because it keeps the gradient of {@code acos} finite
 * when an embedding coincides with its class weight (the two agree unless |cos| &gt; 1 - 1e-7).
 * PML's margin argument is in degrees (default 28.6); here it is in radians.
 */
public final class ArcFaceLoss extends MetricLoss {

    /** Clamp margin for {@code acos}. */
    static final double EPS = 1e-7;

    private final double scale;
    private final double margin;

    /** Scale 64, margin 0.5 rad, float32 weights. */
    public ArcFaceLoss(NDManager manager, int numClasses, int embeddingSize) {
        this(manager, numClasses, embeddingSize, 64, 0.5, DataType.FLOAT32);
    }

    /**
     * @param manager owner of the class weights
     * @param numClasses C
     * @param embeddingSize E
     * @param scale logit scale s
     * @param margin additive angular margin m in radians, in [0, pi)
     * @param dataType dtype of the class weights
     */
    public ArcFaceLoss(
            NDManager manager, int numClasses, int embeddingSize, double scale, double margin, DataType dataType) {
        super(
                "arcface",
                numClasses,
                embeddingSize,
                "W",
                new Shape(embeddingSize, numClasses),
                new NormalInitializer(1f),
                1.0,
                manager,
                dataType);
        if (!(scale > 0) || !(margin >= 0 && margin < Math.PI)) {
            throw new PairvizException(
                    "arcface: scale must be positive and margin in [0, pi), got " + scale + " and " + margin);
        }
        this.scale = scale;
        this.margin = margin;
    }

    /** Logit scale s. */
    public double scale() {
        return scale;
    }

    /** Angular margin m in radians. */
    public double margin() {
        return margin;
    }

    @Override
    protected NDArray loss(NDArray x, NDArray targets) {
        NDArray weights = parameterLike(x).normalize(2, 0, 1e-12); // [E, C], unit columns
        NDArray cos = x.matMul(weights); // [B, C]
        NDArray targetCos = cos.mul(targets).sum(new int[] {1}); // [B]
        NDArray theta = targetCos.clip(-1 + EPS, 1 - EPS).acos(); // [B]
        NDArray withMargin =
                NDArrays.where(
                        theta.lte(Math.PI - margin),
                        theta.add(margin).cos(),
                        theta.cos().sub(margin * Math.sin(margin))); // [B]
        NDArray shift = withMargin.sub(targetCos).expandDims(1); // [B, 1]
        NDArray logits = Scalars.mul(cos.add(targets.mul(shift)), scale); // [B, C]
        NDArray logProb = logits.logSoftmax(1); // [B, C]
        return logProb.mul(targets).sum(new int[] {1}).neg().mean(); // scalar
    }
}
