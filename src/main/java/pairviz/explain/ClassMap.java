package pairviz.explain;

/**
 * A class similarity map (paper section 4.2).
 *
 * @param query name of the query image
 * @param map the sum of the query's paired maps against every member of the class
 * @param score the sum of the query's cosine similarities to the members
 * @param members how many gallery images the class has
 * @param options the options the map was made with
 */
public record ClassMap(String query, Heatmap map, double score, int members, ExplainOptions options) {}
