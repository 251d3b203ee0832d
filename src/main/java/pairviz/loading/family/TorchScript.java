package pairviz.loading.family;

import java.util.ArrayList;
import java.util.List;
import pairviz.model.torchscript.TorchScriptNetwork;

/**
 * Any network exported to TorchScript (docs/models.md, "Your own network through TorchScript"):
 * a family of whole networks, not of state dicts. Its archive is recognised by content
 * ({@code pairviz.loading.TorchScriptFormat}), and its architecture comes from running the
 * network once ({@link TorchScriptNetwork#load}), which {@link #reading} describes.
 */
public final class TorchScript implements ModelFamily {
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
