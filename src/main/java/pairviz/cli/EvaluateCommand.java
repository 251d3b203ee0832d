package pairviz.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.gallery.DatasetEmbedder;
import pairviz.store.EmbeddingFiles;
import pairviz.store.LabelledEmbeddings;
import pairviz.eval.Retrieval;
import pairviz.eval.RetrievalMetrics;
import pairviz.eval.RetrievalReport;
import pairviz.loading.EmbeddingModel;
import pairviz.model.Precision;
import pairviz.util.AtomicFiles;
import pairviz.util.RunSettings;
import pairviz.util.TerminalProgress;
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
        int[] kList = RetrievalReport.ks(ks);
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
        RetrievalReport report = new RetrievalReport(m, seconds, separate.isPresent());
        // the table goes to stderr when standard output carries the JSON
        PrintWriter table = AtomicFiles.isStdout(json) ? spec.commandLine().getErr() : spec.commandLine().getOut();
        table.print(report.table());
        table.flush();
        if (json != null) {
            report.writeJson(json);
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
            List<Sample> samples = data.labelledSamples("evaluate");
            DatasetEmbedder.Result r;
            try (EmbeddingModel model = m.load(); TerminalProgress bar = new TerminalProgress("embed", "img")) {
                r = new DatasetEmbedder(model, model.preprocessing(), m.batch, DatasetEmbedder.DEFAULT_CHUNK).embed(samples, null,
                        RunSettings.none(), bar);
            }
            if (r.skippedSummary() != null) {
                spec.commandLine().getErr().println("pairviz: " + r.skippedSummary());
            }
            return r.labelled();
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
}
