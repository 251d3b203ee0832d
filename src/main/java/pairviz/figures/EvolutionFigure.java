package pairviz.figures;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.render.Colormap;
import pairviz.render.GridFigure;

/**
 * The paper's figure 6: a query's top matches and their maps at each checkpoint of a training
 * run, one row per checkpoint in training order.
 *
 * @param query the query image
 * @param label its label, or null when unknown
 * @param steps one per checkpoint
 */
public record EvolutionFigure(Path query, String label, List<Step> steps) {

    /**
     * The query's matches under one checkpoint.
     *
     * @param weights the checkpoint's weights file
     * @param iteration its training iteration, or null when unknown
     */
    public record Step(Path weights, Long iteration, QueryMatches matches) {
        /** The row's label: {@code iter 500}, or the file's name without extension. */
        public String name() {
            return name(weights, iteration);
        }

        /** The label of the checkpoint {@code weights} of {@code iteration} (null when unknown). */
        public static String name(Path weights, Long iteration) {
            return iteration != null ? "iter " + iteration : Panels.modelName(weights);
        }
    }

    public EvolutionFigure {
        steps = List.copyOf(steps);
    }

    /** One row per checkpoint: the query, then each match with its map given the query and its border. */
    public BufferedImage draw(Colormap colormap, int panel) {
        GridFigure fig = new GridFigure("Top matches of " + Panels.name(query) + " and their maps during training", panel);
        for (Step s : steps) {
            fig.addRow(s.name(), s.matches().matchCells(colormap));
        }
        return fig.draw();
    }

    /** The numbers behind the figure. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("query", query.toString());
        o.put("label", label);
        List<Object> rows = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("checkpoint", s.weights().toString());
            r.put("iteration", s.iteration());
            r.putAll(s.matches().toJson());
            rows.add(r);
        }
        o.put("checkpoints", rows);
        return o;
    }
}
