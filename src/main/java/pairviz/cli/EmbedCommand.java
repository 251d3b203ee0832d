package pairviz.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.eval.DatasetEmbedder;
import pairviz.eval.EmbeddingFiles;
import pairviz.eval.LabelledEmbeddings;
import pairviz.loading.EmbeddingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pairviz embed}: the embeddings of a dataset, as a .npy matrix with labels and paths. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Writes E.npy (float32, one row per image), E.labels.txt and E.paths.txt; a killed run resumes.")
public final class EmbedCommand implements Callable<Integer> {
    @Mixin ModelMixin model;
    @Mixin DataMixin data;

    @Option(names = "--out", required = true, paramLabel = "E.npy", description = "The embeddings file.")
    Path out;

    @Override
    public Integer call() {
        if (java.nio.file.Files.isDirectory(out)) {
            throw new PairvizException("--out " + out + " is a folder; name the embeddings file, e.g. "
                    + out.resolve("embeddings.npy"));
        }
        for (Path f : files(out)) {
            OutputChecks.requireWritableFile("--out", f, List.of(model.weights));
        }
        List<Sample> samples = data.samples();
        try (EmbeddingModel m = model.load()) {
            DatasetEmbedder.Result r = embed(m, model, samples, workFolder(out));
            LabelledEmbeddings result = labelled(r);
            Path[] files = files(out);
            EmbeddingFiles.writeLabelled(files[0], files[1], result);
            EmbeddingFiles.writeLines(files[2], r.samples().stream().map(Sample::id).toList());
            System.out.printf("%d embeddings of width %d in %s (labels %s)%n", result.embeddings().rows(),
                    result.embeddings().cols(), files[0], files[1].getFileName());
        }
        deleteWork(workFolder(out));
        return 0;
    }

    /** Embeds samples with a progress bar, saving chunks in {@code work} (null: none). */
    static DatasetEmbedder.Result embed(EmbeddingModel m, ModelMixin options, List<Sample> samples, Path work) {
        DatasetEmbedder.Result r;
        try (ProgressBar bar = Progress.bar("embed", samples.size(), "img")) {
            String identity = options.weights.toAbsolutePath() + "|" + fileStamp(options.weights) + "|" + options.norm;
            r = new DatasetEmbedder(m, m.preprocessing().norm(), options.batch, 32 * options.batch).embed(samples, work, identity,
                    n -> bar.stepTo(n));
        }
        if (!r.skipped().isEmpty()) {
            System.err.printf("pairviz: skipped %d unreadable %s: %s%n", r.skipped().size(),
                    r.skipped().size() == 1 ? "image" : "images", String.join(", ", r.skipped().stream()
                            .limit(20).map(String::valueOf).toList()) + (r.skipped().size() > 20 ? ", ..." : ""));
        }
        return r;
    }

    static LabelledEmbeddings labelled(DatasetEmbedder.Result r) {
        return new LabelledEmbeddings(r.embeddings(), r.samples().stream().map(Sample::label).toList());
    }

    /** E.npy, E.labels.txt, E.paths.txt for an output named E.npy (or E). */
    public static Path[] files(Path out) {
        String name = out.getFileName().toString().replaceFirst("\\.npy$", "");
        Path dir = out.toAbsolutePath().getParent();
        return new Path[] {dir.resolve(name + ".npy"), dir.resolve(name + ".labels.txt"), dir.resolve(name + ".paths.txt")};
    }

    static Path workFolder(Path out) {
        Path npy = files(out)[0];
        return npy.resolveSibling(npy.getFileName().toString().replaceFirst("\\.npy$", "") + ".parts");
    }

    private static String fileStamp(Path p) {
        try {
            return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static void deleteWork(Path work) {
        try (var files = Files.list(work)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(work);
        } catch (java.io.IOException e) {
            // leftovers in a work folder are harmless
        }
    }
}
