package pairviz.figures;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import pairviz.explain.Heatmap;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.OutputAgnosticRollout;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.image.Preprocessing;
import pairviz.render.Colormap;
import pairviz.render.GridFigure;

/**
 * The paper's figures 7 and 8: the same pairs under several models (ViT-B/16 and B/32, or a ViT
 * and a ResNet), and optionally beside the output-agnostic rollout maps of both images. One row
 * per pair: A, B, then A's map given B and B's given A under each model, then the rollout maps.
 *
 * @param pairs the image pairs, {@code {A, B}} each
 * @param models each model's maps of every pair
 */
public record ComparisonFigure(List<Path[]> pairs, List<ModelMaps> models) {

    /**
     * One model's maps of the pairs.
     *
     * @param model its name for captions
     * @param preprocessing how it prepares a photo, to lay its maps on the part of the photo it saw
     * @param explanations one per pair, A = the pair's first image
     * @param rollouts per pair {@code {rollout of A, rollout of B}}, or null when not asked for
     */
    public record ModelMaps(String model, Preprocessing preprocessing, List<PairExplanation> explanations, List<Heatmap[]> rollouts) {

        /**
         * Explains every pair (each distinct image goes through the network once).
         *
         * @param rollout also make the output-agnostic rollout maps (transformers only)
         */
        public static ModelMaps of(String model, List<Path[]> pairs, ImageEmbedder embedder, PairExplainer explainer,
                boolean rollout) {
            LinkedHashSet<Path> distinct = new LinkedHashSet<>();
            for (Path[] p : pairs) {
                distinct.add(p[0]);
                distinct.add(p[1]);
            }
            embedder.features(List.copyOf(distinct)); // batched; the pairs below hit the cache
            List<ImageFeatures> as = new ArrayList<>();
            List<ImageFeatures> bs = new ArrayList<>();
            for (Path[] p : pairs) {
                as.add(embedder.features(p[0]));
                bs.add(embedder.features(p[1]));
            }
            // together: in a gradient mode each image goes forward once, however many pairs it is in
            List<PairExplanation> explanations = explainer.explainPairs(as, bs);
            List<Heatmap[]> rollouts = rollout ? new ArrayList<>() : null;
            for (int k = 0; k < pairs.size(); k++) {
                ImageFeatures a = as.get(k);
                ImageFeatures b = bs.get(k);
                if (rollout) {
                    rollouts.add(new Heatmap[] {OutputAgnosticRollout.explain(a), OutputAgnosticRollout.explain(b)});
                }
            }
            return new ModelMaps(model, embedder.preprocessing(), List.copyOf(explanations),
                    rollouts == null ? null : List.copyOf(rollouts));
        }
    }

    public ComparisonFigure {
        pairs = List.copyOf(pairs);
        models = List.copyOf(models);
    }

    /** One row per pair. */
    public BufferedImage draw(Colormap colormap, int panel) {
        String names = String.join(" vs ", models.stream().map(ModelMaps::model).toList());
        boolean withRollout = models.stream().anyMatch(m -> m.rollouts() != null);
        GridFigure fig = new GridFigure("Paired maps under " + names + " (A|B: A's map given B)"
                + (withRollout ? ", beside output-agnostic rollout" : ""), panel);
        Preprocessing show = models.get(0).preprocessing();
        Captions captions = Captions.of(pairs.stream().flatMap(java.util.Arrays::stream).toList());
        for (int i = 0; i < pairs.size(); i++) {
            Path a = pairs.get(i)[0];
            Path b = pairs.get(i)[1];
            List<GridFigure.Cell> row = new ArrayList<>();
            row.add(GridFigure.Cell.of(Panels.seen(a, show), "A: " + captions.of(a)));
            row.add(GridFigure.Cell.of(Panels.seen(b, show), "B: " + captions.of(b)));
            for (ModelMaps m : models) {
                PairExplanation e = m.explanations().get(i);
                String score = " " + Panels.score(e.score());
                row.add(GridFigure.Cell.of(Panels.map(a, m.preprocessing(), e.mapA(), colormap), m.model() + ": A|B" + score));
                row.add(GridFigure.Cell.of(Panels.map(b, m.preprocessing(), e.mapB(), colormap), m.model() + ": B|A" + score));
            }
            for (ModelMaps m : models) {
                if (m.rollouts() != null) {
                    Heatmap[] r = m.rollouts().get(i);
                    row.add(GridFigure.Cell.of(Panels.map(a, m.preprocessing(), r[0], colormap), m.model() + ": rollout A"));
                    row.add(GridFigure.Cell.of(Panels.map(b, m.preprocessing(), r[1], colormap), m.model() + ": rollout B"));
                }
            }
            fig.addRow("pair " + (i + 1), row);
        }
        return fig.draw();
    }

    /** The numbers behind the figure. */
    public Map<String, Object> toJson() {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("a", pairs.get(i)[0].toString());
            r.put("b", pairs.get(i)[1].toString());
            List<Object> per = new ArrayList<>();
            for (ModelMaps m : models) {
                PairExplanation e = m.explanations().get(i);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("model", m.model());
                o.putAll(Panels.options(List.of(e)));
                o.put("score", e.score());
                o.put("a_given_b", e.mapA().toGrid());
                o.put("b_given_a", e.mapB().toGrid());
                o.putAll(e.completenessJson(true, "a_"));
                o.putAll(e.completenessJson(false, "b_"));
                if (m.rollouts() != null) {
                    o.put("rollout_a", m.rollouts().get(i)[0].toGrid());
                    o.put("rollout_b", m.rollouts().get(i)[1].toGrid());
                }
                per.add(o);
            }
            r.put("models", per);
            rows.add(r);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("pairs", rows);
        return o;
    }
}
