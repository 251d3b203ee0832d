package pairviz.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import pairviz.explain.ImageFeatures;

/**
 * The gallery's embeddings, computed once at start-up in batches and kept in memory (E numbers
 * per image): cosine-similarity search and the members of a class for class maps.
 */
final class GallerySearch {
    /** A gallery image and its cosine similarity to a query. */
    record Match(Gallery.Image image, double score) {}

    /** A class and the mean cosine similarity of a query to its members. */
    record ClassScore(String label, int members, double meanScore) {}

    private final Gallery gallery;
    private final List<Gallery.Image> images = new ArrayList<>();
    private final List<float[]> embeddings = new ArrayList<>();
    private final List<double[]> units = new ArrayList<>();

    /**
     * Embeds every gallery image; images that cannot be read are left out and reported to
     * {@code warn}.
     */
    GallerySearch(Gallery gallery, Inference inference, Consumer<String> warn) {
        this.gallery = gallery;
        List<Gallery.Image> all = gallery.images();
        List<float[]> betas = inference.embeddings(all.stream().map(Gallery.Image::file).toList(),
                msg -> warn.accept("gallery image skipped: " + msg));
        for (int i = 0; i < all.size(); i++) {
            if (betas.get(i) != null) {
                images.add(all.get(i));
                embeddings.add(betas.get(i));
                units.add(unit(betas.get(i)));
            }
        }
    }

    Gallery gallery() {
        return gallery;
    }

    /** How many gallery images are searchable. */
    int size() {
        return images.size();
    }

    /** The {@code k} most similar gallery images, best first, leaving out {@code excludeId} (may be null). */
    List<Match> top(ImageFeatures query, int k, String excludeId) {
        double[] q = query.unit();
        List<Match> all = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            if (!images.get(i).id().equals(excludeId)) {
                all.add(new Match(images.get(i), dot(q, units.get(i))));
            }
        }
        all.sort(Comparator.comparingDouble(Match::score).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** The embeddings of a class's searchable members. */
    List<float[]> members(String label) {
        gallery.members(label); // 404 for an unknown class
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).label().equals(label)) {
                out.add(embeddings.get(i));
            }
        }
        if (out.isEmpty()) {
            throw HttpError.notFound("gallery class '" + label + "' has no readable images");
        }
        return out;
    }

    /** Every class with the query's mean similarity to its members, most similar first. */
    List<ClassScore> classScores(ImageFeatures query) {
        double[] q = query.unit();
        List<ClassScore> out = new ArrayList<>();
        for (Map.Entry<String, List<Gallery.Image>> c : gallery.classes().entrySet()) {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < images.size(); i++) {
                if (images.get(i).label().equals(c.getKey())) {
                    sum += dot(q, units.get(i));
                    n++;
                }
            }
            if (n > 0) {
                out.add(new ClassScore(c.getKey(), n, sum / n));
            }
        }
        out.sort(Comparator.comparingDouble(ClassScore::meanScore).reversed());
        return out;
    }

    private static double[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        n = Math.sqrt(n);
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = n == 0 ? 0 : v[i] / n;
        }
        return u;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
