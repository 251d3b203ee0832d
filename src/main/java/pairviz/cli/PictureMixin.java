package pairviz.cli;

import picocli.CommandLine.Option;

/** The options that decide how maps are drawn. */
final class PictureMixin extends ColormapMixin {
    @Option(names = "--shared-scale",
            description = "Draw the two maps of a pair on one colour scale, so their values can be compared.")
    boolean sharedScale;
}
