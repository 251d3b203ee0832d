package pairviz.gallery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.explain.Vectors;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;
import pairviz.util.ProgressListener;
import pairviz.store.FloatMatrix;

/**
 * A labelled set of images embedded once, to retrieve from: the one gallery of pairviz, used by
 * the figures ({@code retrieve}, {@code classmap}, {@code evolution}, {@code pose}) and by the web
 * app. It holds embeddings only (the cheap path, {@link DatasetEmbedder}); full features (tokens,
 * rollout) are computed later for the few images a figure or a request shows. Every score is
 * {@link Vectors#cosine}.
 *
 * <p>Where a query is itself a gallery image, pass its index as {@code exclude}: it is left out
 * of its own matches, of its class's members and of the class scores (-1: exclude nothing).
 *
 * @param samples the gallery images that could be read, in order
 * @param embeddings their embeddings, one row each
 */
public record Gallery(List<Sample> samples, FloatMatrix embeddings) {

    /** Excludes no gallery image. */
    public static final int NONE = -1;

    /** A gallery of no images. */
    public static final Gallery EMPTY = new Gallery(List.of(), new FloatMatrix(0, 0, new float[0]));

    public Gallery {
        samples = List.copyOf(samples);
        if (samples.size() != embeddings.rows()) {
            throw new IllegalArgumentException(samples.size() + " samples but " + embeddings.rows() + " embeddings");
        }
    }

    /** One retrieved image. */
    public record Match(int index, Sample sample, double score, boolean correct) {
        /** The image's file. */
        public Path path() {
            return sample.path().orElseThrow(() -> new PairvizException("gallery image " + sample.id() + " is not a file"));
        }
    }

    /**
     * A class and the query's mean cosine similarity to its members.
     *
     * @param members how many members were averaged (the query itself left out)
     */
    public record ClassScore(String label, int members, double meanScore) {}

    /**
     * Embeds {@code samples}; images that cannot be read are left out, each told to
     * {@code skipped} ("cannot read image FILE: reason", or "id: reason").
     *
     * @param progress told how many images are done after each chunk
     * @throws PairvizException when none of the images can be read
     */
    public static Gallery of(List<Sample> samples, DatasetEmbedder embedder, ProgressListener progress,
            Consumer<String> skipped) {
        DatasetEmbedder.Result r = embedder.embed(samples, null, pairviz.util.RunSettings.none(), progress);
        r.skipped().forEach(skipped);
        return new Gallery(r.samples(), r.embeddings());
    }

    /**
     * Embeds {@code samples} with {@code model}, {@code batch} images per forward pass; images
     * that cannot be read are left out, each told to {@code skipped}.
     *
     * @param progress told how many images are done after each chunk
     * @throws PairvizException when none of the images can be read
     */
    public static Gallery embed(List<Sample> samples, EmbeddingModel model, Preprocessing preprocessing, int batch,
            ProgressListener progress, Consumer<String> skipped) {
        return of(samples, new DatasetEmbedder(model, preprocessing, batch, Math.max(batch, DatasetEmbedder.DEFAULT_CHUNK)), progress, skipped);
    }

    /** How many images the gallery holds. */
    public int size() {
        return samples.size();
    }

    /** The index of the gallery image stored at {@code file}, if any. */
    public Optional<Integer> indexOf(Path file) {
        Path want = file.toAbsolutePath().normalize();
        for (int i = 0; i < samples.size(); i++) {
            Optional<Path> p = samples.get(i).path();
            if (p.isPresent() && p.get().toAbsolutePath().normalize().equals(want)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The index of the gallery image stored at {@code file}, or {@link #NONE} (also for null). */
    public int indexOrNone(Path file) {
        return file == null ? NONE : indexOf(file).orElse(NONE);
    }

    /**
     * The top {@code k} gallery images for a query embedding, best first, leaving out the query's
     * own file if it is in the gallery; a match is correct when it has {@code label}.
     */
    public List<Match> top(float[] query, int k, Path queryFile, String label) {
        return top(query, k, indexOrNone(queryFile), label);
    }

    /**
     * The top {@code k} gallery images for a query embedding, best first (ties in gallery order),
     * leaving out image {@code exclude}; a match is correct when it has {@code label}.
     */
    public List<Match> top(float[] query, int k, int exclude, String label) {
        boolean self = exclude >= 0 && exclude < samples.size();
        int want = Math.min(samples.size(), k + (self ? 1 : 0));
        if (want < 1) {
            return List.of();
        }
        int[] ranked = ExactSearch.topK(FloatMatrix.of(new float[][] {query}), embeddings, want)[0];
        double[] q = Vectors.unit(query);
        List<Match> out = new ArrayList<>();
        for (int i : ranked) {
            if (i == exclude) {
                continue;
            }
            if (out.size() == k) {
                break;
            }
            Sample s = samples.get(i);
            out.add(new Match(i, s, Vectors.cosine(embeddings.row(i), q), s.label().equals(label)));
        }
        return out;
    }

    /** The label of the query: given, or the label of its own file in the gallery, or null. */
    public String labelOf(Path queryFile, String given) {
        if (given != null) {
            return given;
        }
        return indexOf(queryFile).map(samples::get).filter(Sample::labelled).map(Sample::label).orElse(null);
    }

    /** Embeddings of every gallery image with {@code label} except the one stored at {@code exclude} (null: none). */
    public List<float[]> members(String label, Path exclude) {
        return members(label, indexOrNone(exclude));
    }

    /** Embeddings of every gallery image with {@code label} except image {@code exclude}. */
    public List<float[]> members(String label, int exclude) {
        return memberIndices(label, exclude).stream().map(embeddings::row).toList();
    }

    /** Indices of the gallery images with {@code label}, in order, except the one stored at {@code exclude} (null: none). */
    public List<Integer> memberIndices(String label, Path exclude) {
        return memberIndices(label, indexOrNone(exclude));
    }

    /** Indices of the gallery images with {@code label}, in order, except image {@code exclude}. */
    public List<Integer> memberIndices(String label, int exclude) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (i != exclude && samples.get(i).label().equals(label)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The distinct labels, in order of first appearance. */
    public List<String> labels() {
        return samples.stream().map(Sample::label).distinct().toList();
    }

    /** The cosine similarity of {@code query} to gallery image {@code index}. */
    public double score(float[] query, int index) {
        return Vectors.cosine(embeddings.row(index), Vectors.unit(query));
    }

    /**
     * Every class with the query's mean cosine similarity to its members, image {@code exclude}
     * left out (a class of that image alone is then not listed), most similar first; ties keep
     * the order of {@link #labels()}.
     */
    public List<ClassScore> classScores(float[] query, int exclude) {
        double[] q = Vectors.unit(query);
        Map<String, double[]> sums = new LinkedHashMap<>(); // label -> {sum, count}
        for (int i = 0; i < samples.size(); i++) {
            if (i != exclude) {
                double[] s = sums.computeIfAbsent(samples.get(i).label(), l -> new double[2]);
                s[0] += Vectors.cosine(embeddings.row(i), q);
                s[1]++;
            }
        }
        List<ClassScore> out = new ArrayList<>();
        sums.forEach((label, s) -> out.add(new ClassScore(label, (int) s[1], s[0] / s[1])));
        out.sort(Comparator.comparingDouble(ClassScore::meanScore).reversed());
        return out;
    }
}
