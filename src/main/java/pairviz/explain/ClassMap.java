package pairviz.explain;

/**
 * A class similarity map (paper section 4.2).
 *
 * @param query name of the query image
 * @param map the sum of the query's paired maps against every member of the class
 * @param score the sum of the query's cosine similarities to the members
 * @param members how many gallery images the class has
 * @param options the options the map was made with
 * @param baseline for integrated gradients, the summed similarity of the baseline image to the
 *     members: the map sums to {@code score - baseline}, less {@link #gap()}; NaN for the other modes
 */
public record ClassMap(String query, Heatmap map, double score, int members, ExplainOptions options, double baseline) {

    /** A class map without a baseline. */
    public ClassMap(String query, Heatmap map, double score, int members, ExplainOptions options) {
        this(query, map, score, members, options, Double.NaN);
    }

    /** For integrated gradients, the map's sum less {@code score - baseline}; NaN for the other modes. */
    public double gap() {
        return map.sum() - (score - baseline);
    }
}
