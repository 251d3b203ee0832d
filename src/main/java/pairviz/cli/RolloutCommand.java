package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.explain.Heatmap;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.OutputAgnosticRollout;
import pairviz.loading.EmbeddingModel;
import pairviz.session.ExplainSession;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz rollout}: the output-agnostic rollout map of single images (paper figure 8's baseline). */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Writes <IMG>_rollout.png: which patches feed a transformer's embedding, whatever it is compared with."
                + " Images that share a file name get their folder names in front (images/0/0.png: 0_0_rollout.png).")
public final class RolloutCommand extends PairvizCommand {
    @Mixin ModelMixin model;
    @Mixin MapMixin maps;
    @Mixin ColormapMixin pictures;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "The images.")
    List<Path> images;

    @Option(names = "--out", defaultValue = "pairviz-out", paramLabel = "DIR", description = "Folder for the pictures. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the maps: one JSON object per image, one per line.")
    Path json;

    /** The command without --mode: the output-agnostic rollout is one map, whatever the mode. */
    static picocli.CommandLine commandLine() {
        return UnusedOptions.without(new RolloutCommand(), Map.of("--mode",
                "the output-agnostic rollout is one map, the same in every mode (--head-fusion and --start-layer shape it)"));
    }

    @Override
    public Integer call() {
        images.forEach(ImageChecks::requireReadable);
        int pictureSize = 0; // the scale the network saw each photo at
        List<Path> inputs = new ArrayList<>(images);
        inputs.add(model.weights);
        OutputChecks.requireWritableFile("--json", json, inputs);
        OutputChecks.requireWritableFolder("--out", out);
        try (EmbeddingModel m = model.load()) {
            ExplainSession session = session(m, model, maps, 0); // every image's features kept in the list below
            ImageEmbedder embedder = session.embedder();
            PairPictures painter = new PairPictures(embedder, pictures.colormap(), false, OutputNames.of(images),
                    pictureSize);
            List<Object> records = new ArrayList<>();
            List<ImageFeatures> features = embedder.features(images);
            for (int i = 0; i < images.size(); i++) {
                Heatmap map = OutputAgnosticRollout.explain(features.get(i));
                Path file = painter.writeSingle(images.get(i), map, out, "_rollout");
                say(AtomicFiles.isStdout(json)).println(file); // stdout may carry the JSON
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("image", images.get(i).toString());
                o.put("grid", List.of(map.rows(), map.cols()));
                o.putAll(session.options().rollout().toJson());
                o.put("map", map.toGrid());
                o.put("placement", embedder.placement(images.get(i)).toJson(map.rows(), map.cols()));
                records.add(o);
            }
            if (json != null) {
                JsonFiles.writeLines(json, records);
            }
        }
        return 0;
    }
}
