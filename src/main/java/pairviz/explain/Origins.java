package pairviz.explain;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import pairviz.PairvizException;

/**
 * Where the gradient modes find the network and the input of features: the extractor that made
 * them and a way to get the input again, remembered beside the features, not in them (features
 * stay plain numbers and pin nothing). Keys are weak: an entry goes when its features do. The
 * features of an {@link ImageEmbedder} remember their file and are prepared again when a map
 * needs them; those of a bare {@link FeatureExtractor#extract} remember the caller's pixels. A
 * value must never hold its key (an embedder's cache holds its features): it holds the extractor,
 * which holds no features, and how to get the pixels.
 */
final class Origins {
    /** Record equality compares the arrays by identity, so this is in effect an identity map. */
    private static final Map<ImageFeatures, Origin> ORIGINS = Collections.synchronizedMap(new WeakHashMap<>());

    private Origins() {}

    /**
     * @param extractor the extractor that made the features (holds the network and its kept passes)
     * @param pixels the normalised input, 3 x S x S, made again or kept on demand
     */
    record Origin(FeatureExtractor extractor, Supplier<float[]> pixels) {
        /** The network, the input (made again or kept) and where black is. */
        ModelInput input() {
            return new ModelInput(extractor.model(), pixels.get(), extractor.black());
        }
    }

    static void remember(ImageFeatures features, FeatureExtractor extractor, Supplier<float[]> pixels) {
        ORIGINS.put(features, new Origin(extractor, pixels));
    }

    /** The origin of {@code features}, or null for features made elsewhere (e.g. by hand). */
    static Origin of(ImageFeatures features) {
        return ORIGINS.get(features);
    }

    /** The origin of {@code features}, for a mode that runs the network again. */
    static Origin require(ImageFeatures features, Mode mode) {
        Origin o = of(features);
        if (o == null) {
            throw new PairvizException("mode " + mode.id() + " runs the network again, but the features of "
                    + features.id() + " were made without one");
        }
        return o;
    }

    /** The one extractor every image of a gradient request comes from. */
    static FeatureExtractor extractorOf(Iterable<ImageFeatures> images, Mode mode) {
        FeatureExtractor x = null;
        for (ImageFeatures f : images) {
            FeatureExtractor e = require(f, mode).extractor();
            if (x != null && e.model() != x.model()) {
                throw new IllegalArgumentException("mode " + mode.id() + " explains images of one network at a time");
            }
            x = x == null ? e : x;
        }
        return x;
    }
}
