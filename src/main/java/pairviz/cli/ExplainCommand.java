package pairviz.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import pairviz.PairvizException;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplanation;
import pairviz.image.ImageFiles;
import pairviz.loading.EmbeddingModel;
import pairviz.session.ExplainSession;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pairviz explain}: the paired similarity maps of one pair, or of every pair in a file. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explains why two images are similar: writes <A>_simmap_with_<B>.png, <B>_simmap_with_<A>.png"
                + " and <A>_<B>_pair.png (both images, both maps and the score) into --out. <A> is A's file name without"
                + " its extension; images of one run that share it get their folder names in front (images/0/0.png: 0_0)."
                + " With --pairs, every good line is explained and the JSON written as pairs finish; bad lines are named"
                + " by number at the end (exit 2).")
public final class ExplainCommand extends PairvizCommand {

    @Mixin ModelMixin model;
    @Mixin MapMixin maps;
    @Mixin PictureMixin pictures;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PairInput input;

    @Option(names = "--out", defaultValue = "pairviz-out", paramLabel = "DIR", description = "Folder for the pictures. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the numbers: one JSON object (score, grid, mode, a.map, b.map), or one per line with --pairs.")
    Path json;

    @Option(names = "--no-pictures", description = "Write the numbers only.")
    boolean noPictures;

    @Override
    public Integer call() throws IOException {
        PairsFile.Contents contents = input.read();
        List<PairsFile.Pair> pairs = input.pairs(contents);
        if (json == null && noPictures) {
            throw new PairvizException("--no-pictures without --json would write nothing");
        }
        int pictureSize = pictures.pictureSize();
        List<Path> inputs = input.images(contents);
        inputs.add(model.weights);
        if (contents != null) {
            inputs.add(contents.file());
        }
        OutputChecks.requireWritableFile("--json", json, inputs);
        if (!noPictures) {
            OutputChecks.requireWritableFolder("--out", out);
        }
        maps.options(); // the map flags checked before the model loads
        if (contents == null) { // the two photos decode while the network loads
            ImageFiles.prefetch(input.images(null));
        }
        // what people read goes to stderr when standard output carries the JSON
        PrintWriter say = say(json != null && AtomicFiles.isStdout(json));
        List<PairsFile.BadLine> failed = new ArrayList<>(contents != null ? contents.bad() : List.of());
        int explained = 0;
        try (JsonLinesFile lines = json != null && contents != null ? new JsonLinesFile(json) : null) {
            if (!pairs.isEmpty()) {
                try (EmbeddingModel m = model.load()) {
                    ExplainSession session = session(m, model, maps, 0);
                    ImageEmbedder embedder = session.embedder();
                    List<Path> images = new ArrayList<>();
                    pairs.forEach(p -> {
                        images.add(p.a());
                        images.add(p.b());
                    });
                    PairPictures painter = noPictures ? null : new PairPictures(embedder, pictures.colormap(),
                            pictures.sharedScale, OutputNames.of(images), pictureSize);
                    List<Object> single = new ArrayList<>();
                    // --pairs: one line per pair as it finishes, A, B, score and the mode chosen, tab-separated
                    BiConsumer<PairsFile.Pair, PairExplanation> perPair = contents == null ? null
                            : (p, e) -> say.printf(Locale.ROOT, "%s\t%s\t%.6f\t%s%n", p.a(), p.b(), e.score(),
                                    e.options().mode().id());
                    PairJob.Outcome outcome = new PairJob(m, embedder, session.pairExplainer(), painter)
                            .run(pairs, out, json == null ? null : lines != null ? lines::append : single::add, perPair,
                                    model.batch, contents != null);
                    if (contents == null) {
                        if (!outcome.failed().isEmpty()) {
                            throw new PairvizException(outcome.failed().get(0).problem());
                        }
                        PairExplanation e = outcome.done().get(0);
                        say.printf(Locale.ROOT, "score %.4f  %s vs %s  (mode %s)%n", e.score(), e.a(), e.b(),
                                e.options().mode().id());
                        if (json != null) {
                            JsonFiles.write(json, single.get(0));
                        }
                    }
                    failed.addAll(outcome.failed());
                    explained = outcome.done().size();
                }
            }
            if (lines != null && explained > 0) { // every bad line in the JSON lines too, by number
                failed.stream().sorted(Comparator.comparingInt(PairsFile.BadLine::line))
                        .forEach(b -> lines.append(Map.of("line", b.line(), "error", b.problem())));
            }
        }
        if (!noPictures && explained > 0) {
            say.println("pictures in " + out.toAbsolutePath().normalize());
        }
        if (!failed.isEmpty()) {
            throw PairsFile.failure(contents.file(), failed, explained);
        }
        return 0;
    }
}
