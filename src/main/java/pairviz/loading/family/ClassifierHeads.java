package pairviz.loading.family;

import java.util.Set;

/**
 * The agreed rule for a checkpoint's final linear layer: one whose output count is an ImageNet
 * class count is a classifier (ignored: the network embeds with the features before it); any
 * other is the embedding head.
 */
final class ClassifierHeads {
    private ClassifierHeads() {}

    /** ImageNet-1k, ImageNet-21k as Google (21843), timm (21841) and the winter-21 release (11221) count it. */
    static final Set<Integer> CLASS_COUNTS = Set.of(1000, 11221, 21841, 21843);

    /** Whether a final linear layer of {@code outputs} outputs is a classifier. */
    static boolean isClassifier(int outputs) {
        return CLASS_COUNTS.contains(outputs);
    }
}
