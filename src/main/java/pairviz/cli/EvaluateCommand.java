package pairviz.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import pairviz.PairvizException;
import pairviz.eval.EmbeddingFiles;
import pairviz.eval.LabelledEmbeddings;
import pairviz.eval.Retrieval;
import pairviz.eval.RetrievalMetrics;
import pairviz.loading.EmbeddingModel;
import pairviz.model.Precision;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pairviz evaluate}: retrieval metrics (Recall@K, MAP@R, R-precision) of saved embeddings.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Retrieval metrics of embeddings under cosine similarity: Recall@K, MAP@R, R-precision,",
            "as pytorch-metric-learning's AccuracyCalculator defines them (exact search, ties broken",
            "by gallery order). Without --gallery every item queries all the others; with it, every",
            "query ranks the whole gallery. Queries with no gallery item of their label are skipped."
        })
public final class EvaluateCommand extends PairvizCommand {

    @Option(names = "--embeddings", paramLabel = "E.npy",
            description = "Query embeddings: a float32 .npy matrix, one row per image (or give --weights and --data).")
    Path embeddings;

    @Option(names = "--labels", paramLabel = "L.txt",
            description = "Labels of the embeddings, one per line.")
    Path labels;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Embed --data with this checkpoint instead of reading --embeddings.")
    Path weights;

    @Option(names = "--heads", paramLabel = "H", description = "With --weights: ViT attention heads.")
    Integer heads;

    @Option(names = "--norm", paramLabel = "NORM", description = "With --weights: input normalisation (default: the model's, else imagenet).")
    String norm;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16", converter = Converters.PrecisionConverter.class,
            description = "With --weights: matrix products and convolutions in fp32 or bf16 (see explain). Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Mixin DataMixin data;

    @Option(names = "--gallery", paramLabel = "G.npy",
            description = "Separate gallery embeddings (needs --gallery-labels).")
    Path gallery;

    @Option(names = "--gallery-labels", paramLabel = "GL.txt",
            description = "Labels of the gallery, one per line.")
    Path galleryLabels;

    @Option(names = "--k", split = ",", paramLabel = "K", defaultValue = "1,2,4,8",
            description = "Ks for Recall@K, comma-separated (default: ${DEFAULT-VALUE}); 1 is always reported.")
    int[] ks;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((gallery == null) != (galleryLabels == null)) {
            throw new PairvizException("--gallery and --gallery-labels go together: give both or neither");
        }
        int[] kList = kList(ks);
        LabelledEmbeddings queries = querySet();
        Optional<LabelledEmbeddings> separate = gallerySet();
        long start = System.nanoTime();
        RetrievalMetrics m = separate
                .map(g -> Retrieval.evaluate(queries.embeddings(), queries.labels(), g.embeddings(), g.labels(), kList))
                .orElseGet(() -> Retrieval.evaluate(queries.embeddings(), queries.labels(), kList));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (m.queries() == 0) {
            throw new PairvizException("no query in " + (labels != null ? labels : data.data) + " has "
                    + (separate.isPresent() ? "an item of its label in " + galleryLabels : "another item of its label")
                    + ": nothing to evaluate");
        }
        // the table goes to stderr when standard output carries the JSON
        printTable(AtomicFiles.isStdout(json) ? spec.commandLine().getErr() : spec.commandLine().getOut(), m, seconds,
                separate.isPresent());
        if (json != null) {
            writeJson(json, m);
        }
        return 0;
    }

    /** The query set (and, without --gallery, the gallery too): read from the files, or embedded now. */
    LabelledEmbeddings querySet() {
        if (weights != null) {
            if (embeddings != null || labels != null) {
                throw new PairvizException("give either --embeddings and --labels, or --weights and --data");
            }
            ModelMixin m = ModelMixin.of(weights);
            m.heads = heads;
            m.norm = norm;
            m.precision = precision;
            try (EmbeddingModel model = m.load()) {
                return EmbedCommand.labelled(EmbedCommand.embed(model, m, data.labelledSamples("evaluate")));
            }
        }
        if (embeddings == null || labels == null) {
            throw new PairvizException("give --embeddings and --labels, or --weights and --data");
        }
        return EmbeddingFiles.readLabelled(embeddings, labels);
    }

    /** The separate gallery, if one was given. */
    Optional<LabelledEmbeddings> gallerySet() {
        return gallery == null ? Optional.empty() : Optional.of(EmbeddingFiles.readLabelled(gallery, galleryLabels));
    }

    /** The Ks asked for ({@code --k}) plus 1, sorted, without repeats. */
    public static int[] kList(int[] ks) {
        for (int k : ks) {
            if (k < 1) {
                throw new PairvizException("--k: every K must be a positive integer, got " + k);
            }
        }
        return IntStream.concat(IntStream.of(1), IntStream.of(ks)).sorted().distinct().toArray();
    }

    /** The metrics as {@code evaluate} prints them; {@code separate}: against a separate gallery. */
    public static void printTable(PrintWriter out, RetrievalMetrics m, double seconds, boolean separate) {
        out.printf("%-12s %d%s%n", "queries", m.queries(),
                m.skipped() == 0 ? "" : " (skipped " + m.skipped() + " with no "
                        + (separate ? "gallery item" : "other item") + " of their label)");
        m.recallAtK().forEach((k, r) -> out.printf("%-12s %.4f%n", "Recall@" + k, r));
        out.printf("%-12s %.4f%n", "MAP@R", m.mapAtR());
        out.printf("%-12s %.4f%n", "R-precision", m.rPrecision());
        out.printf("%-12s %.1f s%n", "search time", seconds);
        out.flush();
    }

    /** The metrics as {@code evaluate --json} writes them. */
    public static void writeJson(Path json, RetrievalMetrics m) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("recall_at_1", m.precisionAt1());
        doc.put("map_at_r", m.mapAtR());
        doc.put("r_precision", m.rPrecision());
        doc.put("queries", m.queries());
        doc.put("skipped", m.skipped());
        Map<String, Double> recall = new LinkedHashMap<>();
        m.recallAtK().forEach((k, r) -> recall.put(Integer.toString(k), r));
        doc.put("recall_at_k", recall);
        JsonFiles.write(json, doc);
    }
}
