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
 * Proxy Anchor loss (Kim et al. 2020) as pytorch-metric-learning's {@code ProxyAnchorLoss}.
 *
 * <p>Proxies are [C, E], initialised like PML ({@code kaiming_normal_(mode="fan_out")}: normal
 * with std {@code sqrt(2 / C)}, C being the fan-out of a [C, E] tensor). With s(x, p) the cosine
 * similarity of embedding x and proxy p, P+ the proxies with at least one positive in the batch,
 * X_p+ / X_p- the batch embeddings with / without p's class:
 *
 * <pre>
 *   loss = 1/|P+| sum_{p in P+} log(1 + sum_{x in X_p+} exp(-alpha (s(x,p) - delta)))
 *        + 1/C    sum_{p}       log(1 + sum_{x in X_p-} exp( alpha (s(x,p) + delta)))
 * </pre>
 *
 * <p>Each log term is evaluated stably as {@code m + log(exp(-m) + sum exp(z - m))} with {@code m =
 * max(0, max z)}. As in the authors' code, the proxies learn faster than the network: {@link
 * #parameters()} carries a learning-rate multiplier (100 by default).
 */
public final class ProxyAnchorLoss extends MetricLoss {

    private final double alpha;
    private final double delta;

    /** Alpha 32, delta 0.1, proxies learning 100x faster, float32 proxies. */
    public ProxyAnchorLoss(NDManager manager, int numClasses, int embeddingSize) {
        this(manager, numClasses, embeddingSize, 32, 0.1, 100, DataType.FLOAT32);
    }

    /**
     * @param manager owner of the proxies
     * @param numClasses C
     * @param embeddingSize E
     * @param alpha scaling factor
     * @param delta margin
     * @param lrMultiplier learning-rate multiplier for the proxies
     * @param dataType dtype of the proxies
     */
    public ProxyAnchorLoss(
            NDManager manager,
            int numClasses,
            int embeddingSize,
            double alpha,
            double delta,
            double lrMultiplier,
            DataType dataType) {
        super(
                "proxy_anchor",
                numClasses,
                embeddingSize,
                "proxies",
                new Shape(numClasses, embeddingSize),
                new NormalInitializer((float) Math.sqrt(2.0 / numClasses)),
                lrMultiplier,
                manager,
                dataType);
        if (!(alpha > 0) || !(delta >= 0)) {
            throw new PairvizException(
                    "proxy_anchor: alpha must be positive and delta non-negative, got " + alpha + " and " + delta);
        }
        this.alpha = alpha;
        this.delta = delta;
    }

    /** Scaling factor alpha. */
    public double alpha() {
        return alpha;
    }

    /** Margin delta. */
    public double delta() {
        return delta;
    }

    @Override
    protected NDArray loss(NDArray x, NDArray targets) {
        NDArray proxies = parameterLike(x).normalize(2, 1, 1e-12); // [C, E], unit rows
        NDArray sim = x.matMul(proxies.transpose()); // [B, C]
        NDArray positive = targets.gt(0); // [B, C] boolean
        NDArray posTerms = log1pSumExp(Scalars.mul(sim.sub(delta), -alpha), positive); // [C]
        NDArray negTerms = log1pSumExp(Scalars.mul(sim.add(delta), alpha), positive.logicalNot()); // [C]
        long proxiesWithPositives = targets.sum(new int[] {0}).gt(0).sum().getLong();
        return Scalars.div(posTerms.sum(), proxiesWithPositives).add(Scalars.div(negTerms.sum(), numClasses()));
    }

    /**
     * Per column c: {@code log(1 + sum_{b : keep[b, c]} exp(z[b, c]))}; 0 for a column with nothing
     * kept.
     *
     * @param z [B, C]
     * @param keep [B, C] boolean
     * @return [C]
     */
    static NDArray log1pSumExp(NDArray z, NDArray keep) {
        NDArray none = z.getManager().full(z.getShape(), Float.NEGATIVE_INFINITY, z.getDataType());
        NDArray kept = NDArrays.where(keep, z, none); // [B, C], -inf where not kept
        NDArray shift = kept.max(new int[] {0}, true).maximum(0).stopGradient(); // [1, C], >= 0
        NDArray sum = kept.sub(shift).exp().sum(new int[] {0}, true).add(shift.neg().exp()); // [1, C]
        return sum.log().add(shift).squeeze(0); // [C]
    }
}
