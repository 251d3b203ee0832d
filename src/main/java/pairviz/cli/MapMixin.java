package pairviz.cli;

import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;
import pairviz.explain.Baseline;
import pairviz.explain.ExplainOptions;
import pairviz.explain.HeadFusion;
import pairviz.explain.IntegratedGradientsSpec;
import pairviz.explain.Mode;
import pairviz.explain.RolloutSpec;
import pairviz.loading.EmbeddingModel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options that decide how a map is made. */
final class MapMixin {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--mode", defaultValue = "auto", paramLabel = "MODE", converter = Converters.ModeConverter.class,
            description = {"auto (recommended: grad-rollout for a transformer, integrated-gradients for a TorchScript one,",
                "the decomposition for a CNN),",
                "reference (the authors' R . map: reproduces the paper exactly), conservative (R^T . map, sums to the score),",
                "none (no rollout), grad-rollout (gradient-weighted rollout), smooth-grad-rollout (its mean over 8 noisy",
                "copies of the image), grad-input (gradient x input) or",
                "integrated-gradients. Default: ${DEFAULT-VALUE}."})
    Mode mode;

    @Option(names = "--head-fusion", defaultValue = "mean", paramLabel = "F", converter = Converters.HeadFusionConverter.class,
            description = "How attention heads are fused for rollout: mean, min or max. Default: ${DEFAULT-VALUE}.")
    HeadFusion headFusion;

    @Option(names = "--start-layer", defaultValue = "0", paramLabel = "L",
            description = "First layer (0-based) of the rollout product. Default: ${DEFAULT-VALUE} (all layers).")
    int startLayer;

    @Option(names = "--steps", defaultValue = "" + IntegratedGradientsSpec.DEFAULT_STEPS, paramLabel = "N",
            description = {"Integrated gradients: path steps (one backward pass each). More steps, smaller completeness gap",
                "(the JSON's completeness_gap; a warning when it exceeds 5%% of score - baseline_score). Default: ${DEFAULT-VALUE}."})
    int steps;

    @Option(names = "--baseline", defaultValue = "black", paramLabel = "B", converter = Converters.BaselineConverter.class,
            description = {"Integrated gradients: the image the path starts from, on the photo before normalisation:",
                "black, mean (the image's mean colour) or blur (the image blurred, sigma = input side / 16). Default: ${DEFAULT-VALUE}."})
    Baseline baseline;

    RolloutSpec rollout() {
        return new RolloutSpec(headFusion, startLayer);
    }

    /**
     * Refuses rollout flags the user gave for a network that has no attention to roll out (a
     * ResNet), rather than ignoring them. {@code --mode reference} stays: for a CNN the paper's
     * method is the decomposition alone, which is what reference mode gives there.
     */
    void requireApplies(EmbeddingModel m) {
        if (m.config().attentionLayers() > 0 || spec == null) {
            return;
        }
        List<String> given = new ArrayList<>();
        if (spec.commandLine().getParseResult().hasMatchedOption("--mode") && mode.needsAttention()
                && mode != Mode.REFERENCE) {
            given.add("--mode " + mode.id());
        }
        for (String flag : List.of("--start-layer", "--head-fusion")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                given.add(flag);
            }
        }
        if (!given.isEmpty()) {
            throw new PairvizException(String.join(", ", given) + " applies to a transformer's attention rollout; "
                    + m.source() + " is a " + m.config().describe() + ", whose maps have no rollout: leave "
                    + (given.size() == 1 ? "it" : "them") + " out");
        }
    }

    /**
     * The options the flags give; refuses {@code --steps} or {@code --baseline} with a mode other
     * than integrated gradients (or auto, which may pick it), where they would change nothing.
     */
    ExplainOptions options() {
        Mode mode = this.mode != null ? this.mode : Mode.AUTO; // a command without --mode (rollout): auto
        if (spec != null && mode != Mode.AUTO && mode != Mode.INTEGRATED_GRADIENTS) {
            for (String flag : List.of("--steps", "--baseline")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                    throw new PairvizException(flag + " applies to --mode integrated-gradients, not " + mode.id() + ": leave it out");
                }
            }
        }
        return new ExplainOptions(mode, rollout(), new IntegratedGradientsSpec(steps, baseline));
    }
}
