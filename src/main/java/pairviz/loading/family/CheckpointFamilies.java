package pairviz.loading.family;

import java.util.Comparator;
import java.util.List;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.loading.Preset;
import pairviz.model.ModelConfig;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;

/**
 * The registry of checkpoint families pairviz reads, in the order they are tried: the first whose
 * {@link CheckpointFamily#matches} claims a checkpoint reads it.
 */
public final class CheckpointFamilies {
    private CheckpointFamilies() {}

    private static final List<CheckpointFamily> ALL = List.of(
            new AuthorsVit(),
            new BitResNetV2(),
            new Dinov2Hub(),
            new TimmVit(),
            new TorchvisionVit(),
            new HuggingFaceVit(),
            new HuggingFaceDinov2(),
            new HuggingFaceClip(),
            new OpenClipVisual(),
            new TimmResNetV2(),
            new TorchvisionResNet());

    /** Every family, in the order they are tried. */
    public static List<CheckpointFamily> all() {
        return ALL;
    }

    /**
     * Reads a checkpoint with the family it belongs to; with a preset named in the options
     * ({@code model} other than {@code auto}) the preset's architecture replaces the inferred one,
     * after checking that it is of the same kind.
     *
     * @throws PairvizException if no family claims the checkpoint (the message says which family
     *     it resembles and what it lacks), or if its tensors do not make a network of its family
     * @throws BadParameterException if the preset is of another kind than the checkpoint
     */
    public static CheckpointReading read(StateDict weights, CheckpointSource source) {
        CheckpointFamily family = ALL.stream().filter(f -> f.matches(weights)).findFirst()
                .orElseThrow(() -> unknown(weights, source.name()));
        return withPreset(family.read(weights, source), source);
    }

    /**
     * {@code reading} with the preset named in the options ({@code model} other than {@code auto})
     * as its architecture, after checking that it is of the same kind; {@code reading} itself
     * with {@code auto}.
     *
     * @throws BadParameterException if the preset is of another kind than the checkpoint
     */
    public static CheckpointReading withPreset(CheckpointReading reading, CheckpointSource source) {
        String model = source.options().model();
        if ("auto".equalsIgnoreCase(model)) {
            return reading;
        }
        ModelConfig preset = Preset.of(model).config(source.options());
        if (preset instanceof VitConfig p && reading.config() instanceof VitConfig read) {
            preset = p.withVariant(read.variant()); // the preset gives the sizes, the checkpoint its family's network
        }
        if (preset.getClass() != reading.config().getClass()) {
            throw new BadParameterException("checkpoint " + source.name() + " holds a " + reading.config().kind()
                    + ", not the " + preset.kind() + " that {model} " + model + " asks for");
        }
        return reading.withConfig(preset);
    }

    /** The error for a checkpoint no family claims: the family it resembles most, and what it lacks. */
    private static PairvizException unknown(StateDict weights, String source) {
        String found = "found " + weights.size() + " tensors, e.g. "
                + String.join(", ", weights.names().stream().limit(3).toList());
        CheckpointFamily nearest = ALL.stream()
                .max(Comparator.comparingDouble((CheckpointFamily f) -> resemblance(f, weights))
                        .thenComparing(f -> -ALL.indexOf(f)))
                .orElseThrow();
        if (resemblance(nearest, weights) == 0) {
            return new PairvizException("checkpoint " + source + " is of no family pairviz reads (" + found
                    + "); it reads " + String.join(", ", ALL.stream().map(CheckpointFamily::id).toList())
                    + " (docs/models.md), and any network exported to TorchScript");
        }
        List<String> lacks = nearest.signature().stream().filter(n -> !weights.contains(n)).toList();
        return new PairvizException("checkpoint " + source + " is of no family pairviz reads (" + found
                + "); it resembles " + nearest.title() + " but lacks " + String.join(", ", lacks));
    }

    /** The share of the family's signature names that the checkpoint holds. */
    private static double resemblance(CheckpointFamily f, StateDict weights) {
        List<String> sig = f.signature();
        return sig.stream().filter(weights::contains).count() / (double) sig.size();
    }
}
