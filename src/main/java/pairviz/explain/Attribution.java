package pairviz.explain;

/**
 * A map of one image toward a target, and where its cells should sum to.
 *
 * @param map the map on the image's patch grid
 * @param baseline the similarity of the method's baseline image to the target (integrated
 *     gradients: its cells sum to {@code score - baseline}); NaN when the method has no baseline
 */
public record Attribution(Heatmap map, double baseline) {
    /** A map without a baseline. */
    public static Attribution of(Heatmap map) {
        return new Attribution(map, Double.NaN);
    }
}
