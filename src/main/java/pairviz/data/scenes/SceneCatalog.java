package pairviz.data.scenes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which objects belong to which class, and which are the shared distractors.
 *
 * <p>The distractors are the same for every seed: the first {@code distractorPool} types of a
 * fixed shuffle of {@link ObjectType#all() all types}. They are the scenes' furniture, the objects
 * every hotel room has, so a model trained on one seed can learn to look past them in scenes of
 * another. The remaining types are shuffled by the seed; class {@code c} draws its signature count
 * in [minSignatures, maxSignatures] (from the seed and {@code c} alone) and takes that many types
 * from the front, after those of classes 0..c-1. No type is used twice, so a distractor never looks
 * like a signature. Class c's signatures therefore depend only on the seed, the signature range,
 * the distractor pool and c, not on the number of classes.
 *
 * @param signatures per class, its signature objects
 * @param distractors the distractor pool shared by all classes (and all seeds)
 */
public record SceneCatalog(List<List<ObjectType>> signatures, List<ObjectType> distractors) {

    private static final long SHUFFLE = 1;
    private static final long COUNT = 2;
    /** Seed of the shuffle that picks the distractors: a constant, so they are the same for every seed. */
    private static final long DISTRACTOR_SEED = 0x5ce9e5L;

    public SceneCatalog {
        signatures = signatures.stream().map(List::copyOf).toList();
        distractors = List.copyOf(distractors);
    }

    /** Draws the catalog of {@code spec}. */
    public static SceneCatalog draw(SceneSpec spec) {
        List<ObjectType> fixed = shuffled(new ArrayList<>(ObjectType.all()), new SplittableRandom(DISTRACTOR_SEED));
        List<ObjectType> distractors = new ArrayList<>(fixed.subList(0, spec.distractorPool()));
        List<ObjectType> types = shuffled(new ArrayList<>(fixed.subList(spec.distractorPool(), fixed.size())),
                new SplittableRandom(Seeds.of(spec.seed(), SHUFFLE)));
        List<List<ObjectType>> signatures = new ArrayList<>();
        int next = 0;
        for (int c = 0; c < spec.classes(); c++) {
            SplittableRandom count = new SplittableRandom(Seeds.of(spec.seed(), COUNT, c));
            int n = spec.minSignatures() + count.nextInt(spec.maxSignatures() - spec.minSignatures() + 1);
            signatures.add(types.subList(next, next + n));
            next += n;
        }
        return new SceneCatalog(signatures, distractors);
    }

    /** Fisher-Yates shuffle of {@code types} in place; returns it. */
    private static List<ObjectType> shuffled(List<ObjectType> types, SplittableRandom rng) {
        for (int i = types.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            types.set(j, types.set(i, types.get(j)));
        }
        return types;
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
