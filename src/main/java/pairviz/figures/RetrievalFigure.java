package pairviz.figures;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.render.Colormap;
import pairviz.render.GridFigure;

/**
 * The paper's figure 9: a query's top matches under one or more models. Per model, a row of the
 * query and its matches, each match drawn with its map given the query and a green (same label)
 * or red border, and below it a row of the query's map given each match.
 *
 * @param query the query image
 * @param label its label, or null when unknown
 * @param models one entry per model, in drawing order
 */
public record RetrievalFigure(Path query, String label, List<QueryMatches> models) {

    public RetrievalFigure {
        models = List.copyOf(models);
    }

    /** Draws two rows per model. */
    public BufferedImage draw(Colormap colormap, int panel) {
        GridFigure fig = new GridFigure("Top matches of " + Panels.name(query) + ": maps of each match given the query,"
                + " and of the query given each match", panel);
        for (QueryMatches m : models) {
            fig.addRow(m.model(), m.matchCells(colormap));
            fig.addRow(m.model() + ": query", m.queryCells(colormap));
        }
        return fig.draw();
    }

    /** The numbers behind the figure. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("query", query.toString());
        o.put("label", label);
        o.put("models", models.stream().map(QueryMatches::toJson).toList());
        return o;
    }
}
