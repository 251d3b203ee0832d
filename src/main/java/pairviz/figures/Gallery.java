package pairviz.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.eval.DatasetEmbedder;
import pairviz.eval.FloatMatrix;
import pairviz.eval.Retrieval;
import pairviz.explain.ImageEmbedder;

/**
 * A labelled set of images embedded once, to retrieve from: the ranking uses the embeddings only;
 * full features (tokens, rollout) are computed later for the few images a figure shows.
 *
 * @param samples the gallery images that could be read, in order
 * @param embeddings their embeddings, one row each
 */
public record Gallery(List<Sample> samples, FloatMatrix embeddings) {

    /** One retrieved image. */
    public record Match(int index, Sample sample, double score, boolean correct) {
        public Path path() {
            return sample.path().orElseThrow(() -> new PairvizException("gallery image " + sample.id() + " is not a file"));
        }
    }

    /** Embeds {@code samples} (in batches; unreadable images are left out and reported on stderr). */
    public static Gallery of(List<Sample> samples, ImageEmbedder embedder, int batch) {
        return of(samples, embedder, batch, n -> { });
    }

    /** {@link #of(List, ImageEmbedder, int)}, telling {@code progress} how many images are done after each batch. */
    public static Gallery of(List<Sample> samples, ImageEmbedder embedder, int batch, DatasetEmbedder.Progress progress) {
        DatasetEmbedder.Result r = new DatasetEmbedder(embedder, batch, Math.max(batch, 256)).embed(samples, null, "", progress);
        if (!r.skipped().isEmpty()) {
            System.err.printf("pairviz: left %d unreadable gallery images out, e.g. %s%n", r.skipped().size(), r.skipped().get(0));
        }
        return new Gallery(List.copyOf(r.samples()), r.embeddings());
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

    /**
     * The top {@code k} gallery images for a query embedding, best first, leaving out the query's
     * own file if it is in the gallery; a match is correct when it has {@code label}.
     */
    public List<Match> top(float[] query, int k, Path queryFile, String label) {
        Optional<Integer> self = queryFile == null ? Optional.empty() : indexOf(queryFile);
        int[] ranked = Retrieval.topK(FloatMatrix.of(new float[][] {query}), embeddings, k + (self.isPresent() ? 1 : 0))[0];
        List<Match> out = new ArrayList<>();
        for (int i : ranked) {
            if (self.isPresent() && self.get() == i) {
                continue;
            }
            if (out.size() == k) {
                break;
            }
            Sample s = samples.get(i);
            out.add(new Match(i, s, cosine(query, embeddings.row(i)), s.label().equals(label)));
        }
        return out;
    }

    /** The label of the query: given, or the label of its own file in the gallery, or null. */
    public String labelOf(Path queryFile, String given) {
        if (given != null) {
            return given;
        }
        return indexOf(queryFile).map(i -> samples.get(i).label()).orElse(null);
    }

    /** Embeddings of every gallery image with {@code label}. */
    public List<float[]> members(String label) {
        return members(label, null);
    }

    /** Embeddings of every gallery image with {@code label} except the one stored at {@code exclude} (null: none). */
    public List<float[]> members(String label, Path exclude) {
        return memberIndices(label, exclude).stream().map(embeddings::row).toList();
    }

    /** Indices of the gallery images with {@code label}, in order, except the one stored at {@code exclude} (null: none). */
    public List<Integer> memberIndices(String label, Path exclude) {
        int skip = exclude == null ? -1 : indexOf(exclude).orElse(-1);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (i != skip && samples.get(i).label().equals(label)) {
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
        return cosine(query, embeddings.row(index));
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
