package pairviz.spark.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import pairviz.PairvizException;
import pairviz.eval.RetrievalMetrics;
import pairviz.eval.RetrievalReport;
import pairviz.spark.EmbeddingSet;
import pairviz.spark.SparkRetrieval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pairviz spark evaluate}: {@code pairviz evaluate}'s metrics, by exact blocked search on Spark. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Retrieval metrics of embeddings, as pairviz evaluate computes them.",
            "Recall@K, MAP@R and R-precision of embeddings written by pairviz spark embed, with",
            "pairviz evaluate's definitions (cosine similarity, exact search, ties by gallery order, queries",
            "with no other item of their label skipped and counted), each block of queries meeting each",
            "block of the gallery in a task."})
public final class SparkEvaluateCommand implements Callable<Integer> {
    @Option(names = "--embeddings", required = true, paramLabel = "DIR", description = "Query embeddings (pairviz spark embed's folder).")
    String embeddings;

    @Option(names = "--gallery", paramLabel = "DIR2", description = "A separate gallery; without it every item queries all the others.")
    String gallery;

    @Option(names = "--k", split = ",", paramLabel = "K", defaultValue = "1,2,4,8",
            description = "Ks for Recall@K, comma-separated (default: ${DEFAULT-VALUE}); 1 is always reported.")
    int[] ks;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics as JSON (as pairviz evaluate --json).")
    Path json;

    @Option(names = "--block-size", defaultValue = "4096", paramLabel = "B",
            description = "Embeddings per block: a task ranks one block of queries against one block of the gallery. Default: ${DEFAULT-VALUE}.")
    int blockSize;

    @Mixin SessionMixin session;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Locations.requireLocal(spec, "--json");
        session.check("--embeddings", embeddings, "--gallery", gallery);
        int[] kList = RetrievalReport.ks(ks);
        if (blockSize < 1) {
            throw new PairvizException("--block-size must be at least 1, not " + blockSize);
        }
        double[] seconds = new double[1];
        RetrievalMetrics m = session.run("evaluate", spark -> {
            EmbeddingSet q = EmbeddingSet.read(spark, embeddings, "embeddings");
            EmbeddingSet g = gallery == null ? null : EmbeddingSet.read(spark, gallery, "gallery");
            long start = System.nanoTime();
            RetrievalMetrics metrics = SparkRetrieval.evaluate(spark, q, g, kList, blockSize);
            seconds[0] = (System.nanoTime() - start) / 1e9;
            return metrics;
        });
        PrintWriter out = spec.commandLine().getOut();
        RetrievalReport report = new RetrievalReport(m, seconds[0], gallery != null);
        out.print(report.table());
        out.flush();
        if (json != null) {
            report.writeJson(json);
        }
        return 0;
    }
}
