package pairviz.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import pairviz.util.TerminalProgress;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.Sample;
import pairviz.gallery.DatasetEmbedder;
import pairviz.store.EmbeddingFiles;
import pairviz.loading.EmbeddingModel;
import pairviz.store.Npy;
import pairviz.util.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code pairviz embed}: the embeddings of a dataset, as a .npy matrix with labels and paths. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Writes E.npy (float32, one row per image), E.labels.txt and E.paths.txt.",
            "A killed run resumes from E.parts when run again with the same settings; a run with other settings "
                    + "(model file, model options, data, subset, split, images) is refused, naming what differs."})
public final class EmbedCommand extends PairvizCommand {
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
        for (Path f : EmbeddingFiles.names(out)) {
            OutputChecks.requireWritableFile("--out", f, List.of(model.weights));
        }
        DataMixin.Chosen chosen = data.chosen("all");
        List<Sample> samples = chosen.samples();
        if (chosen.leftOut() != null) {
            note(chosen.leftOut());
        }
        try (EmbeddingModel m = model.load()) {
            DatasetEmbedder.Result r = embed(m, model, samples, workFolder(out), settings(spec, m));
            Path[] files = EmbeddingFiles.names(out);
            boolean labelled = Dataset.labelled(r.samples());
            if (labelled) {
                EmbeddingFiles.writeLabelled(files[0], files[1], r.labelled());
            } else {
                Npy.write(files[0], r.embeddings());
                deleteStale(files[1]); // a labels file of another run would pair these rows with wrong labels
            }
            EmbeddingFiles.writeLines(files[2], r.samples().stream().map(Sample::id).toList());
            Path skippedFile = files[0].resolveSibling(files[0].getFileName().toString().replaceFirst("\\.npy$", "")
                    + ".skipped.txt");
            if (r.skipped().isEmpty()) {
                deleteStale(skippedFile);
            } else {
                EmbeddingFiles.writeLines(skippedFile, r.skipped().stream().map(String::valueOf).toList());
            }
            String skipped = r.skipped().isEmpty() ? ""
                    : String.format("; %d of %d images could not be read (each named in %s)", r.skipped().size(),
                            samples.size(), skippedFile.getFileName());
            out().printf("%d embeddings of width %d in %s (%s)%s%n", r.embeddings().rows(), r.embeddings().cols(),
                    files[0], labelled ? "labels " + files[1].getFileName() : "no labels: the images have none", skipped);
        }
        deleteWork(workFolder(out));
        return 0;
    }

    /** Embeds samples with a progress bar, saving chunks in {@code work} for a run with the same settings. */
    private static DatasetEmbedder.Result embed(EmbeddingModel m, ModelMixin options, List<Sample> samples, Path work,
            RunSettings settings) {
        DatasetEmbedder.Result r;
        try (TerminalProgress bar = new TerminalProgress("embed", "img")) {
            r = new DatasetEmbedder(m, m.preprocessing(), options.batch, CHUNK).embed(samples, work, settings, bar);
        }
        if (r.skippedSummary() != null) {
            NetworkMixin.err(options.spec).println("pairviz: " + r.skippedSummary()); // the command's standard error
        }
        return r;
    }

    static Path workFolder(Path out) {
        Path npy = EmbeddingFiles.names(out)[0];
        return npy.resolveSibling(npy.getFileName().toString().replaceFirst("\\.npy$", "") + ".parts");
    }

    /**
     * What decides the embeddings (the list of images is compared by {@link DatasetEmbedder}):
     * the checkpoint's content, the network as loaded, and every option of the command but those
     * that only say where the output goes or how fast it is made. Options added to the command
     * later are compared without a change here.
     */
    static RunSettings settings(CommandSpec spec, EmbeddingModel m) {
        RunSettings s = RunSettings.none().with("network", m.config().describe()).with("precision", m.precision());
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (NOT_SETTINGS.contains(name) || o.usageHelp() || o.versionHelp()) {
                continue;
            }
            Object v = o.getValue();
            if (v instanceof Path p && name.equals("--weights")) {
                v = RunSettings.fileIdentity(p);
            } else if (v instanceof Path p) {
                v = p.toAbsolutePath().normalize();
            } else if (v instanceof Enum<?> e) {
                v = e.name().toLowerCase(java.util.Locale.ROOT);
            }
            s = s.with(name, v == null ? "default" : v instanceof Object[] a ? java.util.Arrays.toString(a) : v);
        }
        return s;
    }

    private static void deleteStale(Path labels) {
        try {
            Files.deleteIfExists(labels);
        } catch (java.io.IOException e) {
            throw new PairvizException("cannot remove the old " + labels + ": " + e.getMessage());
        }
    }

    /** Options that do not change the embeddings. */
    private static final java.util.Set<String> NOT_SETTINGS = java.util.Set.of("--out", "--batch", "--threads", "--quiet",
            "--verbose", "--json");

    /** Images per saved chunk of a resumable run. */
    static final int CHUNK = DatasetEmbedder.DEFAULT_CHUNK;

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
