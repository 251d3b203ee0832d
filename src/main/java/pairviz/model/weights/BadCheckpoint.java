package pairviz.model.weights;

/**
 * Internal failure of a checkpoint reader. The message is the part of the user-facing sentence
 * after the file name (e.g. "is truncated or corrupt (storage data/3 is missing)");
 * {@link Checkpoints} turns it into a {@link pairviz.PairvizException} naming the file.
 */
final class BadCheckpoint extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadCheckpoint(String problem) {
        super(problem, null, false, false);
    }

    /** "is truncated or corrupt (detail)". */
    static BadCheckpoint corrupt(String detail) {
        return new BadCheckpoint("is truncated or corrupt (" + detail + ")");
    }

    /** "has a tensor 'name' of unsupported type what". */
    static BadCheckpoint unsupported(String name, String what) {
        return new BadCheckpoint("has tensor '" + name + "' of unsupported type " + what);
    }
}
