package pairviz.spark.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import pairviz.store.EmbeddingFiles;
import pairviz.store.Npy;
import pairviz.spark.EmbeddingSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pairviz spark export}: a Parquet embeddings folder as the files {@code pairviz embed} writes. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Embeddings as the files pairviz embed writes.",
            "Writes the embeddings of a pairviz spark embed folder as pairviz embed writes them",
            "(E.npy, E.labels.txt, E.paths.txt, in the dataset's order), for the one-machine commands."})
public final class SparkExportCommand implements Callable<Integer> {
    @Option(names = "--embeddings", required = true, paramLabel = "DIR", description = "pairviz spark embed's folder.")
    String embeddings;

    @Option(names = "--out", required = true, paramLabel = "E.npy", description = "The embeddings file (a local path or file: URI); "
            + "the embeddings are streamed to it in order, a partition at a time.")
    String out;

    @Mixin SessionMixin session;

    @Override
    public Integer call() {
        session.check("--embeddings", embeddings);
        Path[] files = EmbeddingFiles.names(Locations.local("--out", out)); // files for the one-machine commands: here

        session.run("export", spark -> {
            EmbeddingSet set = EmbeddingSet.read(spark, embeddings, "embeddings");
            int width = set.width();
            // the embeddings streamed in index order, a partition at a time: never all on the driver
            Npy.write(files[0], set.size(), width, set.stream());
            EmbeddingFiles.writeLines(files[1], set.labels());
            EmbeddingFiles.writeLines(files[2], set.paths());
            System.out.printf("%d embeddings of width %d in %s (labels %s)%n", set.size(), width, files[0],
                    files[1].getFileName());
            return null;
        });
        return 0;
    }
}
