package pairviz.data.scenes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Ground-truth masks derived from two scenes' objects, for checking similarity maps. */
public final class GroundTruth {
    private GroundTruth() {}

    /**
     * The pixels of image A showing a signature object that also appears in image B (same
     * {@link SceneObject#id() id}, visible in B: {@code visiblePixels > 0}). Only A's visible
     * pixels count: an object occluded in A is marked only where it shows.
     *
     * @param objectsA image A's objects (their {@code index} is their label in {@code maskA})
     * @param maskA image A's instance mask
     * @param objectsB image B's objects
     */
    public static PixelMask sharedSignatureMask(List<SceneObject> objectsA, LabelMap maskA, List<SceneObject> objectsB) {
        return sharedMask(objectsA, maskA, objectsB, SceneObject::isSignature);
    }

    /**
     * Like {@link #sharedSignatureMask} but for every object both images show, distractors
     * included (a shared distractor raises similarity without saying anything about the class).
     */
    public static PixelMask sharedObjectMask(List<SceneObject> objectsA, LabelMap maskA, List<SceneObject> objectsB) {
        return sharedMask(objectsA, maskA, objectsB, o -> true);
    }

    /** The pixels of image A showing any of the objects whose ids are in {@code ids}. */
    public static PixelMask objectMask(List<SceneObject> objectsA, LabelMap maskA, Set<String> ids) {
        return sharedMask(objectsA, maskA, objectsA, o -> ids.contains(o.id()));
    }

    private static PixelMask sharedMask(
            List<SceneObject> objectsA, LabelMap maskA, List<SceneObject> objectsB, Predicate<SceneObject> kind) {
        Set<String> inB = new HashSet<>();
        for (SceneObject o : objectsB) {
            if (o.visiblePixels() > 0) {
                inB.add(o.id());
            }
        }
        boolean[] shared = new boolean[256];
        for (SceneObject o : objectsA) {
            if (o.index() < 1 || o.index() > 255) {
                throw new IllegalArgumentException("object index " + o.index() + " outside 1..255");
            }
            shared[o.index()] = kind.test(o) && inB.contains(o.id());
        }
        PixelMask mask = new PixelMask(maskA.width(), maskA.height());
        for (int y = 0; y < maskA.height(); y++) {
            for (int x = 0; x < maskA.width(); x++) {
                if (shared[maskA.get(x, y)]) {
                    mask.set(x, y, true);
                }
            }
        }
        return mask;
    }

    /**
     * The share of an image's pixels per semantic class (index 0 background, then
     * {@link ShapeKind#semanticId()}), summing to 1: the vector whose dot product is the paper's
     * "pose similarity" between two images.
     */
    public static double[] semanticDistribution(LabelMap segmentation) {
        int[] h = segmentation.histogram();
        double[] d = new double[ShapeKind.values().length + 1];
        double total = (double) segmentation.width() * segmentation.height();
        for (int k = 0; k < d.length; k++) {
            d[k] = h[k] / total;
        }
        return d;
    }
}
