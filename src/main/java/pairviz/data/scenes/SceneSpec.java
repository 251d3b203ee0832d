package pairviz.data.scenes;

import pairviz.BadParameterException;

/**
 * What to generate: how many classes and images, their size, and the seed that fixes everything.
 * Validation messages name the {@code pairviz data scenes} options.
 *
 * @param classes number of classes ("hotels"), numbered from 0
 * @param perClass images per class, numbered from 0
 * @param size width and height of each image in pixels
 * @param seed the master seed: the same spec gives byte-identical output
 * @param minSignatures fewest signature objects a class owns
 * @param maxSignatures most signature objects a class owns (each class draws its count in
 *     [min, max])
 * @param distractorPool number of distractor objects shared by all classes
 * @param minDistractors fewest distractors per image
 * @param maxDistractors most distractors per image
 * @param minScale smallest object radius, as a fraction of the image size
 * @param maxScale largest object radius, as a fraction of the image size
 */
public record SceneSpec(
        int classes,
        int perClass,
        int size,
        long seed,
        int minSignatures,
        int maxSignatures,
        int distractorPool,
        int minDistractors,
        int maxDistractors,
        double minScale,
        double maxScale) {

    /** Signature objects per class by default: 3 to 4. */
    public static final int MIN_SIGNATURES = 3;
    public static final int MAX_SIGNATURES = 4;
    /** Distractors shared by all classes by default. */
    public static final int DISTRACTOR_POOL = 20;
    /** Distractors per image by default: 1 to 3. */
    public static final int MIN_DISTRACTORS = 1;
    public static final int MAX_DISTRACTORS = 3;
    /** Object radius by default: 8% to 16% of the image size. */
    public static final double MIN_SCALE = 0.08;
    public static final double MAX_SCALE = 0.16;

    public SceneSpec {
        require(classes >= 1, "{classes} must be at least 1, got " + classes);
        require(perClass >= 1, "{per class} must be at least 1, got " + perClass);
        require(size >= 16 && size <= 4096, "{size} must be between 16 and 4096, got " + size);
        require(minSignatures >= 1 && minSignatures <= maxSignatures,
                "{signatures} must be a range MIN-MAX with 1 <= MIN <= MAX, got " + minSignatures + "-" + maxSignatures);
        require(maxSignatures <= 16, "{signatures}: at most 16 signature objects per class, got " + maxSignatures);
        require(minDistractors >= 0 && minDistractors <= maxDistractors,
                "{distractors} must be a range MIN-MAX with 0 <= MIN <= MAX, got " + minDistractors + "-" + maxDistractors);
        require(maxDistractors <= 16, "{distractors}: at most 16 distractors per image, got " + maxDistractors);
        require(distractorPool >= maxDistractors, "{distractor pool} (" + distractorPool
                + ") must be at least the most distractors per image (" + maxDistractors + ")");
        require(minScale > 0 && minScale <= maxScale && maxScale <= 0.5,
                "{scale} must be a range MIN-MAX with 0 < MIN <= MAX <= 0.5, got " + minScale + "-" + maxScale);
        long needed = (long) classes * maxSignatures + distractorPool;
        require(needed <= ObjectType.count(), "{classes} " + classes + " with up to " + maxSignatures
                + " signatures each and {distractor pool} " + distractorPool + " may need " + needed
                + " distinct objects, but only " + ObjectType.count()
                + " shape x colour x texture combinations exist: use fewer classes or signatures");
    }

    /** A spec with the default object counts and scales. */
    public static SceneSpec of(int classes, int perClass, int size, long seed) {
        return new SceneSpec(classes, perClass, size, seed, MIN_SIGNATURES, MAX_SIGNATURES, DISTRACTOR_POOL,
                MIN_DISTRACTORS, MAX_DISTRACTORS, MIN_SCALE, MAX_SCALE);
    }

    /** Total number of images. */
    public long images() {
        return (long) classes * perClass;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadParameterException(message);
        }
    }
}
