package pairviz.cli;

import pairviz.render.Colormap;
import picocli.CommandLine.Option;

/** The options that decide how maps are drawn. */
final class PictureMixin {
    @Option(names = "--colormap", defaultValue = "jet", paramLabel = "NAME",
            description = "jet (OpenCV's, as the authors), viridis, inferno or turbo. Default: ${DEFAULT-VALUE}.")
    String colormap;

    @Option(names = "--shared-scale",
            description = "Draw the two maps of a pair on one colour scale, so their values can be compared.")
    boolean sharedScale;

    Colormap colormap() {
        return Colormap.parse(colormap);
    }
}
