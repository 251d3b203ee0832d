package pairviz.cli;

import pairviz.render.Colormap;
import picocli.CommandLine.Option;

/** The colour map of drawn maps; {@link PictureMixin} adds the pair pictures' options. */
class ColormapMixin {
    @Option(names = "--colormap", defaultValue = "jet", paramLabel = "NAME",
            description = "jet (OpenCV's, as the authors), viridis, inferno or turbo. Default: ${DEFAULT-VALUE}.")
    String colormap;

    Colormap colormap() {
        return Colormap.parse(colormap);
    }
}
