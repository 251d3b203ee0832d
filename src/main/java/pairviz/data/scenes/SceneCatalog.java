package pairviz.data.scenes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which objects belong to which class, and which are the shared distractors: drawn from the seed.
 *
 * <p>All {@link ObjectType#all() object types} are shuffled by the seed. Class {@code c} draws
 * its signature count in [minSignatures, maxSignatures] (from the seed and {@code c} alone) and
 * takes that many types from the front of the shuffled list, after those of classes 0..c-1;
 * distractors take types from the back. No type is used twice, so a distractor never looks like
 * a signature. Class c's signatures therefore depend only on the seed, the signature range and
 * c, not on the number of classes or distractors.
 *
 * @param signatures per class, its signature objects
 * @param distractors the distractor pool shared by all classes
 */
public record SceneCatalog(List<List<ObjectType>> signatures, List<ObjectType> distractors) {

    private static final long SHUFFLE = 1;
    private static final long COUNT = 2;

    public SceneCatalog {
        signatures = signatures.stream().map(List::copyOf).toList();
        distractors = List.copyOf(distractors);
    }

    /** Draws the catalog of {@code spec}. */
    public static SceneCatalog draw(SceneSpec spec) {
        List<ObjectType> types = new ArrayList<>(ObjectType.all());
        SplittableRandom rng = new SplittableRandom(Seeds.of(spec.seed(), SHUFFLE));
        for (int i = types.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            types.set(j, types.set(i, types.get(j)));
        }
        List<List<ObjectType>> signatures = new ArrayList<>();
        int next = 0;
        for (int c = 0; c < spec.classes(); c++) {
            SplittableRandom count = new SplittableRandom(Seeds.of(spec.seed(), COUNT, c));
            int n = spec.minSignatures() + count.nextInt(spec.maxSignatures() - spec.minSignatures() + 1);
            signatures.add(types.subList(next, next + n));
            next += n;
        }
        List<ObjectType> distractors = new ArrayList<>();
        for (int j = 0; j < spec.distractorPool(); j++) {
            distractors.add(types.get(types.size() - 1 - j));
        }
        return new SceneCatalog(signatures, distractors);
    }

    /** The id of class {@code cls}'s signature number {@code o} (both from 0): {@code sig:c<cls>:o<o>}. */
    public static String signatureId(int cls, int o) {
        return "sig:c" + cls + ":o" + o;
    }

    /** The id of distractor number {@code j} (from 0): {@code dis:<j>}. */
    public static String distractorId(int j) {
        return "dis:" + j;
    }
}
