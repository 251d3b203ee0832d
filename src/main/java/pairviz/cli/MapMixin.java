package pairviz.cli;

import pairviz.explain.ExplainOptions;
import pairviz.explain.HeadFusion;
import pairviz.explain.Mode;
import pairviz.explain.RolloutSpec;
import picocli.CommandLine.Option;

/** The options that decide how a map is made. */
final class MapMixin {
    @Option(names = "--mode", defaultValue = "reference", paramLabel = "MODE",
            description = "reference (the authors' R . map), conservative (R^T . map, sums to the score) or none (no rollout). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--head-fusion", defaultValue = "mean", paramLabel = "F",
            description = "How attention heads are fused for rollout: mean, min or max. Default: ${DEFAULT-VALUE}.")
    String headFusion;

    @Option(names = "--start-layer", defaultValue = "0", paramLabel = "L",
            description = "First layer (0-based) of the rollout product. Default: ${DEFAULT-VALUE} (all layers).")
    int startLayer;

    RolloutSpec rollout() {
        return new RolloutSpec(HeadFusion.parse(headFusion), startLayer);
    }

    ExplainOptions options() {
        return new ExplainOptions(Mode.parse(mode), rollout());
    }
}
