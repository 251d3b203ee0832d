package pairviz.gallery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.loading.EmbeddingModel;
import pairviz.image.Preprocessing;
import pairviz.model.FiniteOutput;
import pairviz.util.JsonFiles;
import pairviz.util.ProgressListener;
import pairviz.util.RunSettings;
import pairviz.store.FloatMatrix;
import pairviz.store.LabelledEmbeddings;

/**
 * Embeds a list of samples in batches, loading and preprocessing each batch on all cores: the
 * one way from labelled images to their embeddings ({@link Preprocessing#prepare}, then
 * {@link EmbeddingModel#embeddings}), for {@code embed}, {@code evaluate}, galleries and the
 * training-time evaluation alike. With a
 * work folder it is resumable: every chunk of embeddings is saved there as it is done, and a run
 * that was killed picks up after the last saved chunk. Saved chunks are reused only by a run with
 * the same {@link RunSettings} (model file, model options, preprocessing, dataset) and the same
 * ordered list of images; a work folder of another run is refused, naming what differs.
 */
public final class DatasetEmbedder {
    /** What one run produced: the embeddings of the samples that could be read, in order. */
    public record Result(FloatMatrix embeddings, List<Sample> samples, List<String> skipped) {
        /** The embeddings with their samples' labels. */
        public LabelledEmbeddings labelled() {
            return new LabelledEmbeddings(embeddings, samples.stream().map(Sample::label).toList());
        }

        /**
         * One line naming the skipped images (the first {@value #NAMED}, then a count), or null
         * when none was skipped.
         */
        public String skippedSummary() {
            int n = skipped.size();
            if (n == 0) {
                return null;
            }
            return String.format("skipped %d %s that could not be embedded: %s", n, n == 1 ? "image" : "images",
                    String.join(", ", skipped.stream().limit(NAMED).map(String::valueOf).toList())
                            + (n > NAMED ? ", and " + (n - NAMED) + " more" : ""));
        }

        /** Skipped images named by {@link #skippedSummary}; the rest are counted. */
        private static final int NAMED = 5;
    }

    /** Images per chunk (saved and reported as one) unless a caller has reason for another. */
    public static final int DEFAULT_CHUNK = 256;

    /** The file in a work folder that records the run's settings. */
    static final String RUN_FILE = "run.json";

    private final EmbeddingModel model;
    private final Preprocessing preprocessing;
    private final int batch;
    private final int chunk;

    /**
     * @param preprocessing how a photo becomes the network's input
     * @param batch images per forward pass
     * @param chunk images per saved chunk (a multiple of batch is best)
     */
    public DatasetEmbedder(EmbeddingModel model, Preprocessing preprocessing, int batch, int chunk) {
        if (batch < 1 || chunk < 1) {
            throw new IllegalArgumentException("batch and chunk must be positive");
        }
        this.model = model;
        this.preprocessing = preprocessing;
        this.batch = batch;
        this.chunk = chunk;
    }

    /** Embeds {@code samples} without a work folder or progress. */
    public Result embed(List<Sample> samples) {
        return embed(samples, null, RunSettings.none(), ProgressListener.NONE);
    }

    /**
     * Embeds {@code samples}.
     *
     * @param work folder for saved chunks, or null to keep nothing between runs
     * @param settings what decides the embeddings besides the list of samples (which is compared
     *     too): saved chunks are reused only by a run with the same settings
     * @param progress told after each chunk how many samples are done, of all of them
     * @throws PairvizException if {@code work} holds the chunks of a run with other settings
     */
    public Result embed(List<Sample> samples, Path work, RunSettings settings, ProgressListener progress) {
        if (samples.isEmpty()) {
            throw new PairvizException("no images to embed");
        }
        List<float[]> rows = new ArrayList<>();
        List<Sample> kept = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (work != null) {
            prepare(work, settings.with("images", RunSettings.listIdentity(samples.stream()
                    .map(x -> x.id() + "\t" + x.label()).toList(), "images")).with("chunk", chunk));
        }
        for (int start = 0, c = 0; start < samples.size(); start += chunk, c++) {
            List<Sample> part = samples.subList(start, Math.min(samples.size(), start + chunk));
            Path saved = work == null ? null : work.resolve(String.format("chunk-%06d.json", c));
            Chunk done = saved != null && Files.exists(saved) ? Chunk.read(saved) : null;
            if (done == null || done.rows().size() != part.size()) {
                done = embedChunk(part);
                if (saved != null) {
                    done.write(saved);
                }
            }
            for (int i = 0; i < part.size(); i++) {
                if (done.rows().get(i) == null) {
                    skipped.add(skippedLine(part.get(i).id(), done.errors().get(i)));
                } else {
                    rows.add(done.rows().get(i));
                    kept.add(part.get(i));
                }
            }
            progress.progress(Math.min(samples.size(), start + chunk), samples.size());
        }
        if (rows.isEmpty()) {
            throw new PairvizException("none of the " + samples.size() + " images could be embedded; first: " + skipped.get(0));
        }
        int dim = rows.get(0).length;
        float[] data = new float[rows.size() * dim];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, data, i * dim, dim);
        }
        return new Result(new FloatMatrix(rows.size(), dim, data), kept, skipped);
    }

    /**
     * Why the image {@code name} was skipped, naming it once: an image that cannot be read
     * already says "cannot read image FILE: why", other errors get {@code name} in front.
     */
    public static String skippedLine(String name, String error) {
        return error != null && error.startsWith("cannot read image ") ? error : name + ": " + error;
    }

    /**
     * Embeddings of one chunk of samples, in order; an unreadable image, or one whose embedding
     * holds a NaN or infinite value, gets a null row and its error (for callers that keep their own chunks, such as the Spark module's partitions).
     */
    public Chunk embedChunk(List<Sample> part) {
        List<float[]> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int b = 0; b < part.size(); b += batch) {
            List<Sample> items = part.subList(b, Math.min(part.size(), b + batch));
            List<Object> inputs = items.parallelStream().map(s -> {
                try {
                    return (Object) preprocessing.prepare(s.load()).pixels();
                } catch (PairvizException | UncheckedIOException e) {
                    return e.getMessage();
                }
            }).toList();
            List<float[]> ok = new ArrayList<>();
            for (Object in : inputs) {
                if (in instanceof float[] f) {
                    ok.add(f);
                }
            }
            List<float[]> out = ok.isEmpty() ? List.of() : model.embeddings(ok);
            int next = 0;
            for (Object in : inputs) {
                float[] row = in instanceof float[] ? out.get(next++) : null;
                String error = row == null ? (String) in : FiniteOutput.allFinite(row) ? null : FiniteOutput.EMBEDDING_PROBLEM;
                rows.add(error == null ? row : null);
                errors.add(error);
            }
        }
        return new Chunk(rows, errors);
    }

    /**
     * Keeps the work folder if it belongs to a run with these settings; starts it afresh if it
     * holds no run; refuses it if it holds another run's chunks.
     */
    private static void prepare(Path work, RunSettings settings) {
        Path id = work.resolve(RUN_FILE);
        try {
            Files.createDirectories(work);
            if (Files.exists(id)) {
                Map<?, ?> earlier = null;
                try {
                    Object saved = JsonFiles.MAPPER.readValue(id.toFile(), Map.class).get("settings");
                    earlier = saved instanceof Map<?, ?> m ? m : null;
                } catch (IOException unreadable) {
                    // not recorded: refused below
                }
                List<String> differ = settings.differences(earlier);
                if (differ.isEmpty()) {
                    return;
                }
                throw new PairvizException(work + " holds the saved work of another run (" + String.join("; ",
                        differ.subList(0, Math.min(3, differ.size()))) + (differ.size() > 3 ? "; and "
                        + (differ.size() - 3) + " more" : "") + "): delete it to start afresh");
            }
            try (Stream<Path> old = Files.list(work)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    if (p.getFileName().toString().startsWith("chunk-")) {
                        Files.delete(p);
                    }
                }
            }
            JsonFiles.write(id, Map.of("settings", settings.values()));
        } catch (IOException e) {
            throw new PairvizException("cannot use work folder " + work + ": " + e.getMessage(), e);
        }
    }

    /**
     * A chunk's embeddings: rows (null where the image could not be read) and their errors (null
     * where it could), one of each per sample.
     */
    public record Chunk(List<float[]> rows, List<String> errors) {
        void write(Path file) {
            JsonFiles.write(file, Map.of("rows", rows, "errors", errors));
        }

        static Chunk read(Path file) {
            try {
                var node = JsonFiles.MAPPER.readTree(file.toFile());
                List<float[]> rows = new ArrayList<>();
                List<String> errors = new ArrayList<>();
                for (int i = 0; i < node.get("rows").size(); i++) {
                    var r = node.get("rows").get(i);
                    if (r.isNull()) {
                        rows.add(null);
                    } else {
                        float[] f = new float[r.size()];
                        for (int j = 0; j < f.length; j++) {
                            f[j] = r.get(j).floatValue();
                        }
                        rows.add(f);
                    }
                    var e = node.get("errors").get(i);
                    errors.add(e.isNull() ? null : e.asText());
                }
                return new Chunk(rows, errors);
            } catch (IOException | NullPointerException e) {
                return null; // unreadable: embed the chunk again
            }
        }
    }
}
