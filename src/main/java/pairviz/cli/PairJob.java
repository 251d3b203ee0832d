package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.model.EmbeddingModel;

/**
 * Explains a list of pairs with one loaded model: the images of a few pairs at a time go through
 * the network in one batch, each image once, then every pair is explained from the features and
 * drawn.
 */
final class PairJob {
    private final EmbeddingModel model;
    private final ImageEmbedder embedder;
    private final PairExplainer explainer;
    private final PairPictures painter;

    /** @param painter null to draw nothing */
    PairJob(EmbeddingModel model, ImageEmbedder embedder, PairExplainer explainer, PairPictures painter) {
        this.model = model;
        this.embedder = embedder;
        this.explainer = explainer;
        this.painter = painter;
    }

    /**
     * Explains every pair; pictures go to {@code out}, JSON records (if {@code records} is not
     * null) are appended in order.
     *
     * @param imagesPerPass how many images to push through the network at once
     */
    List<PairExplanation> run(List<Path[]> pairs, Path out, List<Object> records, int imagesPerPass, boolean progress) {
        List<PairExplanation> done = new ArrayList<>();
        int chunk = Math.max(1, imagesPerPass / 2);
        try (ProgressBar bar = progress ? Progress.bar("explain", pairs.size(), "pairs") : null) {
            for (int i = 0; i < pairs.size(); i += chunk) {
                List<Path[]> slice = pairs.subList(i, Math.min(pairs.size(), i + chunk));
                LinkedHashSet<Path> images = new LinkedHashSet<>();
                slice.forEach(p -> {
                    images.add(p[0]);
                    images.add(p[1]);
                });
                embedder.features(new ArrayList<>(images)); // one batched forward pass for the chunk
                for (Path[] p : slice) {
                    PairExplanation e = explainer.explain(embedder.features(p[0]), embedder.features(p[1]));
                    if (painter != null) {
                        painter.write(p[0], p[1], e, out);
                    }
                    if (records != null) {
                        records.add(e.toJson(p[0], p[1], model));
                    }
                    done.add(e);
                    if (bar != null) {
                        bar.step();
                    }
                }
            }
        }
        return done;
    }
}
