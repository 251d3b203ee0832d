package pairviz.eval.faithfulness;

/** The scores of one map on one pair, with which direction is better. */
public enum Metric {
    /** Normalised area under the deletion curve, mean-colour baseline. */
    DELETION("deletion", "deletion (mean colour)", false),
    /** Normalised area under the deletion curve, blurred-image baseline. */
    DELETION_BLUR("deletion-blur", "deletion (blur)", false),
    /** Normalised area under the insertion curve (restoring onto the blurred image). */
    INSERTION("insertion", "insertion", true),
    /** Share of the positive mass on the shared signature objects. */
    MASS("mass", "mass on objects", true),
    /** Pointing game on the shared signature objects. */
    POINTING("pointing", "pointing game", true),
    /** ROC-AUC of the map as a detector of the shared signature objects. */
    AUC("auc", "ROC-AUC", true),
    /** |sum of the map - the score|. */
    COMPLETENESS("completeness", "|sum - score|", false);

    /** The name in JSON. */
    public final String id;
    /** The column title in tables. */
    public final String title;
    /** Whether a higher value is better. */
    public final boolean higherIsBetter;

    Metric(String id, String title, boolean higherIsBetter) {
        this.id = id;
        this.title = title;
        this.higherIsBetter = higherIsBetter;
    }

    /** Whether the metric needs ground-truth masks. */
    public boolean needsGroundTruth() {
        return this == MASS || this == POINTING || this == AUC;
    }
}
