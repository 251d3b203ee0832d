package pairviz.cli;

import pairviz.PairvizException;
import picocli.CommandLine.Option;

/** The size of a grid figure's panels. */
final class PanelMixin {
    /** Panel side unless {@code --panel} says otherwise. */
    static final int DEFAULT = 160;

    @Option(names = "--panel", defaultValue = "" + DEFAULT, paramLabel = "PX", description = "Side of each panel in pixels. Default: ${DEFAULT-VALUE}.")
    int panel;

    /** The panel side, checked. */
    int panel() {
        return check(panel);
    }

    /** {@code panel}, if it is a usable panel side (32 to 1024 pixels). */
    static int check(int panel) {
        if (panel < 32 || panel > 1024) {
            throw new PairvizException("--panel must be between 32 and 1024, not " + panel);
        }
        return panel;
    }
}
