package pairviz.cli;

import pairviz.PairvizException;
import picocli.CommandLine.Option;

/** The options that decide how maps are drawn. */
final class PictureMixin extends ColormapMixin {
    @Option(names = "--shared-scale",
            description = "Draw the two maps of a pair on one colour scale, so their values can be compared.")
    boolean sharedScale;

    @Option(names = "--picture-size", paramLabel = "PIXELS",
            description = "Longer side of the map pictures, drawn on each photo at its own aspect ratio. Default: the scale"
                    + " the network saw the photo at (the input size for a square photo squashed).")
    Integer pictureSize;

    /** {@code --picture-size}, checked; 0 when not given. */
    int pictureSize() {
        if (pictureSize == null) {
            return 0;
        }
        if (pictureSize < 16 || pictureSize > 8192) {
            throw new PairvizException("--picture-size must be between 16 and 8192 pixels, not " + pictureSize);
        }
        return pictureSize;
    }
}
