package pairviz.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import ai.djl.ndarray.NDManager;
import pairviz.PairvizException;

/** The metric-learning losses {@code pairviz train} offers, by command-line name. */
public enum LossKind {
    /** {@link ArcFaceLoss}: scale 64, margin 0.5 rad. */
    ARCFACE("arcface"),
    /** {@link ProxyAnchorLoss}: alpha 32, delta 0.1, proxies learning 100x faster. */
    PROXY_ANCHOR("proxy-anchor");

    /** The command-line name. */
    public final String key;

    LossKind(String key) {
        this.key = key;
    }

    /** A fresh loss for {@code classes} classes and {@code embeddingSize}-d embeddings. */
    public MetricLoss create(NDManager manager, int classes, int embeddingSize) {
        return switch (this) {
            case ARCFACE -> new ArcFaceLoss(manager, classes, embeddingSize);
            case PROXY_ANCHOR -> new ProxyAnchorLoss(manager, classes, embeddingSize);
        };
    }

    /**
     * The loss called {@code key}.
     *
     * @throws PairvizException listing the names otherwise
     */
    public static LossKind of(String key) {
        for (LossKind k : values()) {
            if (k.key.equals(key.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new PairvizException("unknown loss '" + key + "': use "
                + Arrays.stream(values()).map(k -> k.key).collect(Collectors.joining(" or ")));
    }
}
