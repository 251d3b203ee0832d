package pairviz.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.gallery.Gallery;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.image.Preprocessing;
import pairviz.render.Colormap;
import pairviz.render.GridFigure;

/**
 * One model's answer to a query: its top matches in a gallery and the paired maps of the query
 * with each. Only the query and the matches go through the full (token and rollout) forward pass;
 * the gallery was ranked from its embeddings.
 *
 * @param model the model's name for captions and row labels
 * @param preprocessing how the model prepares a photo, to lay each map on the part of the photo it saw
 * @param query the query image
 * @param label the query's label, or null when unknown (then no match is marked right or wrong)
 * @param matches the top matches, best first
 * @param pairs {@code pairs.get(i)}: A = the query, B = match i; mapA = the query given the match,
 *     mapB = the match given the query
 */
public record QueryMatches(String model, Preprocessing preprocessing, Path query, String label, List<Gallery.Match> matches,
        List<PairExplanation> pairs) {

    /** Ranks {@code gallery} for {@code query} and explains the top {@code k} pairs. */
    public static QueryMatches of(String model, Path query, String label, Gallery gallery, ImageEmbedder embedder,
            PairExplainer explainer, int k) {
        ImageFeatures q = embedder.features(query);
        List<Gallery.Match> matches = gallery.top(q.beta(), k, query, label);
        List<ImageFeatures> f = embedder.features(matches.stream().map(Gallery.Match::path).toList());
        // one forward pass per image in a gradient mode, the query's shared by its matches
        List<PairExplanation> pairs = explainer.explainPairs(java.util.Collections.nCopies(f.size(), q), f);
        return new QueryMatches(model, embedder.preprocessing(), query, label,
                List.copyOf(matches), List.copyOf(pairs));
    }

    /** Whether match i is correct: null when the query's label is unknown. */
    public Boolean correct(int i) {
        return label == null ? null : matches.get(i).correct();
    }

    /** The query, then each match with its map given the query, bordered green (right) or red (wrong). */
    public List<GridFigure.Cell> matchCells(Colormap colormap) {
        List<GridFigure.Cell> row = new ArrayList<>();
        row.add(GridFigure.Cell.of(Panels.seen(query, preprocessing), "query" + (label == null ? "" : " (" + label + ")")));
        for (int i = 0; i < matches.size(); i++) {
            Gallery.Match m = matches.get(i);
            row.add(new GridFigure.Cell(Panels.map(m.path(), preprocessing, pairs.get(i).mapB(), colormap),
                    "#" + (i + 1) + (m.sample().labelled() ? " (" + m.sample().label() + ") " : " ") + Panels.score(m.score()), Panels.border(correct(i))));
        }
        return row;
    }

    /** An empty first cell, then the query's map given each match. */
    public List<GridFigure.Cell> queryCells(Colormap colormap) {
        List<GridFigure.Cell> row = new ArrayList<>();
        row.add(GridFigure.Cell.empty());
        for (int i = 0; i < matches.size(); i++) {
            row.add(GridFigure.Cell.of(Panels.map(query, preprocessing, pairs.get(i).mapA(), colormap), "query given #" + (i + 1)));
        }
        return row;
    }

    /** The numbers: matches (rank, image, label, score, correct, both maps). */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", model);
        o.putAll(Panels.options(pairs));
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) {
            Gallery.Match m = matches.get(i);
            PairExplanation e = pairs.get(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rank", i + 1);
            r.put("gallery_index", m.index());
            r.put("image", m.path().toString());
            r.put("label", m.sample().label());
            r.put("score", m.score());
            r.put("correct", correct(i));
            r.put("match_map", e.mapB().toGrid());
            r.put("query_map", e.mapA().toGrid());
            r.putAll(e.completenessJson(false, "match_"));
            r.putAll(e.completenessJson(true, "query_"));
            list.add(r);
        }
        o.put("matches", list);
        return o;
    }
}
