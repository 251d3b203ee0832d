package pairviz.cli;

import pairviz.explain.ExplainOptions;
import pairviz.explain.HeadFusion;
import pairviz.explain.Mode;
import pairviz.explain.RolloutSpec;
import picocli.CommandLine.Option;

/** The options that decide how a map is made. */
final class MapMixin {
    @Option(names = "--mode", defaultValue = "auto", paramLabel = "MODE", converter = Converters.ModeConverter.class,
            description = {"auto (recommended: integrated-gradients for a transformer, the decomposition for a CNN),",
                "reference (the authors' R . map: reproduces the paper exactly), conservative (R^T . map, sums to the score),",
                "none (no rollout), grad-rollout (gradient-weighted rollout), grad-input (gradient x input) or",
                "integrated-gradients. Default: ${DEFAULT-VALUE}."})
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
