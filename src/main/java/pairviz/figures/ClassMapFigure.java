package pairviz.figures;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.gallery.Gallery;
import pairviz.explain.ClassMap;
import pairviz.explain.ClassMapExplainer;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.image.Preprocessing;
import pairviz.render.Colormap;
import pairviz.render.GridFigure;

/**
 * The paper's figure 5: class similarity maps of a query, each the sum of its paired maps given
 * every gallery image of a class (the query's own file left out). The classes shown are the
 * query's own (when known) and then the classes of highest mean similarity to the query.
 *
 * @param query the query image
 * @param label its label, or null when unknown
 * @param preprocessing how the model prepares a photo, to lay each map on the part of the photo it saw
 * @param classes the classes shown, in drawing order
 */
public record ClassMapFigure(Path query, String label, Preprocessing preprocessing, List<ClassEntry> classes) {

    /**
     * One class's map.
     *
     * @param label the class
     * @param own whether it is the query's class
     * @param map the class map; {@code map.score()} is the sum of the cosines to its members
     * @param meanScore the mean cosine similarity of the query to the class's members
     * @param nearest the member most similar to the query
     * @param nearestScore its cosine similarity to the query
     */
    public record ClassEntry(String label, boolean own, ClassMap map, double meanScore, Path nearest, double nearestScore) {}

    public ClassMapFigure {
        classes = List.copyOf(classes);
    }

    /**
     * The query's own class (if {@code label} is known) and the {@code others} other classes of
     * highest mean similarity. Ranking needs the gallery's embeddings only; the maps are made for
     * the classes shown.
     */
    public static ClassMapFigure of(Path query, String label, Gallery gallery, ImageEmbedder embedder,
            ClassMapExplainer explainer, int others) {
        ImageFeatures q = embedder.features(query);
        int self = gallery.indexOrNone(query);
        List<String> chosen = new ArrayList<>();
        if (label != null && !gallery.memberIndices(label, self).isEmpty()) {
            chosen.add(label);
        }
        gallery.classScores(q.beta(), self).stream()
                .map(Gallery.ClassScore::label)
                .filter(c -> !c.equals(label))
                .limit(others)
                .forEach(chosen::add);
        List<ClassEntry> entries = new ArrayList<>();
        for (String c : chosen) {
            List<Integer> members = gallery.memberIndices(c, self);
            ClassMap map = explainer.explain(q, members.stream().map(i -> gallery.embeddings().row(i)).toList());
            int best = members.stream().max(Comparator.comparingDouble(i -> gallery.score(q.beta(), i))).orElseThrow();
            entries.add(new ClassEntry(c, c.equals(label), map, map.score() / map.members(),
                    gallery.samples().get(best).path().orElseThrow(), gallery.score(q.beta(), best)));
        }
        return new ClassMapFigure(query, label, embedder.preprocessing(), entries);
    }

    /** The query and each class map; below each map, the class's member most similar to the query. */
    public BufferedImage draw(Colormap colormap, int panel) {
        GridFigure fig = new GridFigure("Class similarity maps of " + Panels.name(query)
                + ": the sum of its maps given every gallery image of the class", panel);
        List<GridFigure.Cell> maps = new ArrayList<>();
        List<GridFigure.Cell> examples = new ArrayList<>();
        maps.add(GridFigure.Cell.of(Panels.seen(query, preprocessing), "query" + (label == null ? "" : " (" + label + ")")));
        examples.add(GridFigure.Cell.empty());
        for (ClassEntry c : classes) {
            maps.add(GridFigure.Cell.of(Panels.map(query, preprocessing, c.map().map(), colormap),
                    "class " + c.label() + (c.own() ? " (own)" : "") + ": mean " + Panels.score(c.meanScore())));
            examples.add(GridFigure.Cell.of(Panels.seen(c.nearest(), preprocessing),
                    "nearest of " + c.label() + ": " + Panels.score(c.nearestScore())));
        }
        fig.addRow("class maps", maps);
        fig.addRow("nearest member", examples);
        return fig.draw();
    }

    /** The numbers behind the figure. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("query", query.toString());
        o.put("label", label);
        if (!classes.isEmpty()) {
            o.putAll(classes.get(0).map().options().toJson());
        }
        List<Object> list = new ArrayList<>();
        for (ClassEntry c : classes) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("label", c.label());
            r.put("own", c.own());
            r.put("members", c.map().members());
            r.put("mean_score", c.meanScore());
            r.put("score_sum", c.map().score());
            r.put("map", c.map().map().toGrid());
            r.put("map_sum", c.map().map().sum());
            if (!Double.isNaN(c.map().baseline())) {
                r.put("baseline_score", c.map().baseline());
                r.put("completeness_gap", c.map().gap());
            }
            r.put("nearest", c.nearest().toString());
            r.put("nearest_score", c.nearestScore());
            list.add(r);
        }
        o.put("classes", list);
        return o;
    }
}
