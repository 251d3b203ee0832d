package pairviz.cli;

import pairviz.explain.ExplainOptions;
import pairviz.explain.HeadFusion;
import pairviz.explain.Mode;
import pairviz.explain.RolloutSpec;
import picocli.CommandLine.Option;

/** The options that decide how a map is made. */
final class MapMixin {
    @Option(names = "--mode", defaultValue = "reference", paramLabel = "MODE", converter = Converters.ModeConverter.class,
            description = "reference (the authors' R . map), conservative (R^T . map, sums to the score) or none (no rollout). Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = "--head-fusion", defaultValue = "mean", paramLabel = "F", converter = Converters.HeadFusionConverter.class,
            description = "How attention heads are fused for rollout: mean, min or max. Default: ${DEFAULT-VALUE}.")
    HeadFusion headFusion;

    @Option(names = "--start-layer", defaultValue = "0", paramLabel = "L",
            description = "First layer (0-based) of the rollout product. Default: ${DEFAULT-VALUE} (all layers).")
    int startLayer;

    RolloutSpec rollout() {
        return new RolloutSpec(headFusion, startLayer);
    }

    ExplainOptions options() {
        return new ExplainOptions(mode, rollout());
    }
}
