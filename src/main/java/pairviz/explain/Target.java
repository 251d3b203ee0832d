package pairviz.explain;

/**
 * What an image's similarity is measured against: a direction in embedding space. The map of an
 * image toward a target decomposes {@code unit(beta) . direction()} over the image's tokens.
 */
public interface Target {
    /** The direction, E numbers (not necessarily of unit length). */
    double[] direction();

    /** The other image of a pair: its unit-length embedding (the paper's paired map). */
    static Target partner(ImageFeatures other) {
        double[] d = other.unit();
        return () -> d;
    }

    /**
     * A class: the sum of its members' unit-length embeddings, so the map is the sum of the
     * paired maps against every member (paper section 4.2).
     */
    static Target sumOf(Iterable<float[]> embeddings) {
        double[] sum = null;
        for (float[] e : embeddings) {
            double n = Vectors.norm(e);
            if (sum == null) {
                sum = new double[e.length];
            }
            if (e.length != sum.length) {
                throw new IllegalArgumentException("embeddings of different widths: " + e.length + " and " + sum.length);
            }
            for (int i = 0; i < e.length; i++) {
                sum[i] += n == 0 ? 0 : e[i] / n;
            }
        }
        if (sum == null) {
            throw new pairviz.PairvizException("a class map needs at least one gallery image of the class");
        }
        double[] d = sum;
        return () -> d;
    }
}
