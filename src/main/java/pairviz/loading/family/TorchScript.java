package pairviz.loading.family;

import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;
import pairviz.model.torchscript.TorchScriptNetwork;
import pairviz.model.weights.StateDict;

/**
 * Any network exported to TorchScript (docs/models.md, "Your own network through TorchScript").
 * Recognised by its archive's format ({@link pairviz.model.weights.Checkpoints#isTorchScript}),
 * before any state-dict reader, not by tensor names: it is not in the registry
 * {@link CheckpointFamilies#all()}, and its architecture comes from running the network once
 * ({@link TorchScriptNetwork#load}), which {@link #reading} describes.
 */
public final class TorchScript implements CheckpointFamily {
    /** The one instance. */
    public static final TorchScript INSTANCE = new TorchScript();

    private TorchScript() {}

    @Override
    public String id() {
        return "torchscript";
    }

    @Override
    public String title() {
        return "any network exported to TorchScript (docs/models.md)";
    }

    /** None: an archive is recognised by its format, not by names. */
    @Override
    public List<String> signature() {
        return List.of();
    }

    @Override
    public boolean matches(StateDict weights) {
        return false;
    }

    /** @throws PairvizException always: a TorchScript network is read from its archive, not from a state dict */
    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        throw new PairvizException("checkpoint " + source.name() + ": a TorchScript network is read from its archive, "
                + "not from a state dict");
    }

    /**
     * What pairviz read from a loaded archive: the architecture, the module's parameters, and
     * what the user should hear once; a preset named in the options is refused, as for every
     * family whose kind it is not.
     */
    public static CheckpointReading reading(TorchScriptNetwork network, CheckpointSource source) {
        List<String> notes = new ArrayList<>();
        int s = network.config().imageSize();
        if (network.sizeFrom().startsWith("the default")) {
            notes.add("input size " + s + " x " + s + ", " + network.sizeFrom());
        }
        CheckpointReading reading = new CheckpointReading(INSTANCE, network.config(), network.parameters(), List.of(), notes);
        return CheckpointFamilies.withPreset(reading, source);
    }
}
