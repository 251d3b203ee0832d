package pairviz.data.scenes;

/**
 * Derives independent random seeds from a master seed and a path of integers (e.g. class and
 * image index), so that each image's randomness depends only on (seed, class, index) and not on
 * the order or thread in which images are generated.
 */
final class Seeds {
    private Seeds() {}

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** A seed for the given master seed and path. */
    static long of(long seed, long... path) {
        long h = mix(seed + GOLDEN);
        for (long p : path) {
            h = mix(h ^ mix(p + GOLDEN));
        }
        return h;
    }

    /** The SplitMix64 finaliser: a bijection on longs that scrambles all bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
