package pairviz.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.model.EmbeddingModel;
import pairviz.util.JsonFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz explain}: the paired similarity maps of one pair, or of every pair in a file. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explains why two images are similar: writes <A>_simmap_with_<B>.png, <B>_simmap_with_<A>.png"
                + " and <A>_<B>_pair.png (both images, both maps and the score) into --out.")
public final class ExplainCommand implements Callable<Integer> {

    @Mixin ModelMixin model;
    @Mixin MapMixin maps;
    @Mixin PictureMixin pictures;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Parameters(arity = "2", paramLabel = "IMAGE", description = "The two images A and B.")
        List<Path> pair;

        @Option(names = "--pairs", paramLabel = "FILE",
                description = "A file of pairs, one 'A B' per line (paths relative to the file's folder or absolute); # starts a comment.")
        Path pairsFile;
    }

    @Option(names = "--out", defaultValue = "pairviz-out", paramLabel = "DIR", description = "Folder for the pictures. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the numbers: one JSON object (score, grid, mode, a.map, b.map), or one per line with --pairs.")
    Path json;

    @Option(names = "--no-pictures", description = "Write the numbers only.")
    boolean noPictures;

    @Override
    public Integer call() throws IOException {
        List<Path[]> pairs = input.pairsFile != null
                ? PairsFile.read(input.pairsFile)
                : List.<Path[]>of(new Path[] {input.pair.get(0), input.pair.get(1)});
        for (Path[] p : pairs) {
            ImageChecks.requireReadable(p[0]);
            ImageChecks.requireReadable(p[1]);
        }
        if (json == null && noPictures) {
            throw new PairvizException("--no-pictures without --json would write nothing");
        }
        ExplainOptions options = maps.options();
        try (EmbeddingModel m = model.load()) {
            ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, options.rollout()), model.normalization(),
                    model.batch, 4 * model.batch);
            PairPictures painter = noPictures ? null : new PairPictures(embedder, pictures.colormap(), pictures.sharedScale);
            List<Object> records = json == null ? null : new ArrayList<>();
            boolean many = pairs.size() > 1;
            List<PairExplanation> done = new PairJob(m, embedder, new PairExplainer(options), painter)
                    .run(pairs, out, records, model.batch, many);
            if (!many) {
                PairExplanation e = done.get(0);
                System.out.printf("score %.4f  %s vs %s%n", e.score(), e.a(), e.b());
            }
            if (json != null) {
                if (many) {
                    JsonFiles.writeLines(json, records);
                } else {
                    JsonFiles.write(json, records.get(0));
                }
            }
        }
        if (!noPictures) {
            System.out.println("pictures in " + out.toAbsolutePath().normalize());
        }
        return 0;
    }
}
