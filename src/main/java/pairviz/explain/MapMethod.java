package pairviz.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * One way of making the map of an image toward a {@link Target} (one per {@link Mode}). The
 * explainers ({@link PairExplainer}, {@link ClassMapExplainer}) own the pipeline; a method only
 * turns images and targets into maps.
 */
interface MapMethod {

    /**
     * The map of each image toward its own target, on its patch grid; a method that runs the
     * network does all of them in as few passes as it can.
     *
     * @param images the images' features (a gradient method finds the network and the inputs through the
     *     extractor that made them); an image may appear several times, toward several targets
     * @param targets one per image
     */
    List<Attribution> maps(List<ImageFeatures> images, List<Target> targets, ExplainOptions options);

    /** Whether the maps of {@code image} went through a rollout (never for a CNN). */
    boolean rolloutApplied(ImageFeatures image, ExplainOptions options);

    /** Refuses {@code targets} that are not one per image. */
    static void requireOnePerImage(List<ImageFeatures> images, List<Target> targets) {
        if (images.size() != targets.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + targets.size() + " targets");
        }
    }

    /** {@link #maps} one image at a time. */
    static List<Attribution> each(List<ImageFeatures> images, List<Target> targets,
            java.util.function.BiFunction<ImageFeatures, Target, Attribution> one) {
        requireOnePerImage(images, targets);
        List<Attribution> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(one.apply(images.get(i), targets.get(i)));
        }
        return out;
    }
}
