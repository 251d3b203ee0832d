package pairviz.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import pairviz.util.TerminalProgress;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.loading.EmbeddingModel;

/**
 * Explains a list of pairs with one loaded model: the images of a few pairs at a time go through
 * the network in one batch, each image once, then every pair is explained from the features and
 * drawn. A pair whose image cannot be read fails alone: the others are explained all the same.
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

    /** What a run did: the explanations in order, and the pairs that failed. */
    record Outcome(List<PairExplanation> done, List<PairsFile.BadLine> failed) {}

    /**
     * Explains every pair; pictures go to {@code out}, each JSON record goes to {@code records}
     * (if not null) as soon as its pair is done, and {@code done} (if not null) is told of it.
     *
     * @param imagesPerPass how many images to push through the network at once
     */
    Outcome run(List<PairsFile.Pair> pairs, Path out, Consumer<Object> records,
            BiConsumer<PairsFile.Pair, PairExplanation> done, int imagesPerPass, boolean progress) {
        List<PairExplanation> explained = new ArrayList<>();
        List<PairsFile.BadLine> failed = new ArrayList<>();
        int chunk = Math.max(1, imagesPerPass / 2);
        try (ProgressBar bar = progress ? TerminalProgress.bar("explain", pairs.size(), "pairs") : null) {
            for (int i = 0; i < pairs.size(); i += chunk) {
                List<PairsFile.Pair> slice = pairs.subList(i, Math.min(pairs.size(), i + chunk));
                LinkedHashSet<Path> images = new LinkedHashSet<>();
                slice.forEach(p -> {
                    images.add(p.a());
                    images.add(p.b());
                });
                try {
                    embedder.features(new ArrayList<>(images)); // one batched forward pass for the chunk
                } catch (PairvizException e) {
                    // an unreadable image: each pair below then reads its own and fails alone
                }
                Map<PairsFile.Pair, PairExplanation> ready = together(slice);
                for (PairsFile.Pair p : slice) {
                    try {
                        PairExplanation e = ready.containsKey(p) ? ready.get(p)
                                : explainer.explain(embedder.features(p.a()), embedder.features(p.b()));
                        if (painter != null) {
                            painter.write(p.a(), p.b(), e, out);
                        }
                        if (records != null) {
                            Map<String, Object> o = e.toJson(p.a(), p.b(), model, embedder.placement(p.a()),
                                    embedder.placement(p.b()));
                            if (p.line() > 0) {
                                o.put("line", p.line());
                            }
                            records.accept(o);
                        }
                        explained.add(e);
                        if (done != null) {
                            done.accept(p, e);
                        }
                    } catch (BadParameterException e) {
                        throw e; // a bad option (a start layer past the last) fails every pair alike: stop, naming it
                    } catch (PairvizException e) {
                        failed.add(new PairsFile.BadLine(p.line(), e.getMessage()));
                    }
                    if (bar != null) {
                        bar.step();
                    }
                }
            }
        }
        return new Outcome(explained, failed);
    }

    /**
     * The chunk's pairs explained at once (in a gradient mode each image goes forward once, however
     * many of the chunk's pairs it is in); empty when one of them fails, each pair then explained alone.
     */
    private Map<PairsFile.Pair, PairExplanation> together(List<PairsFile.Pair> slice) {
        Map<PairsFile.Pair, PairExplanation> ready = new java.util.IdentityHashMap<>();
        try {
            List<pairviz.explain.ImageFeatures> as = new ArrayList<>();
            List<pairviz.explain.ImageFeatures> bs = new ArrayList<>();
            for (PairsFile.Pair p : slice) {
                as.add(embedder.features(p.a()));
                bs.add(embedder.features(p.b()));
            }
            List<PairExplanation> all = explainer.explainPairs(as, bs);
            for (int k = 0; k < slice.size(); k++) {
                ready.put(slice.get(k), all.get(k));
            }
        } catch (BadParameterException e) {
            throw e;
        } catch (PairvizException e) {
            ready.clear(); // an unreadable image: each pair reads its own and fails alone
        }
        return ready;
    }
}
