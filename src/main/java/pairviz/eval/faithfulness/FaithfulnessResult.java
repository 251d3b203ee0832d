package pairviz.eval.faithfulness;

import java.util.List;
import java.util.Map;

/**
 * What a {@link FaithfulnessStudy} measured: the curves' report and the partner-specificity rows
 * of its triplets.
 *
 * @param report the curves' and ground truth's report (no groups when there were no pairs)
 * @param partner partner specificity per method (empty when there were no triplets)
 * @param triplets how many triplets were scored
 * @param what how the triplets were made, for the tables
 * @param summary one line: how many pairs, triplets and images, in how long
 */
public record FaithfulnessResult(FaithfulnessReport report, List<PartnerSpecificity.Row> partner, int triplets,
        String what, String summary) {
    public FaithfulnessResult {
        partner = List.copyOf(partner);
    }

    /** The tables as Markdown: the report's (when there were pairs), then partner specificity (when there were triplets). */
    public String markdown() {
        return (report.groups().isEmpty() ? "" : report.markdown())
                + (partner.isEmpty() ? "" : "\n" + PartnerSpecificity.markdown(partner, triplets, what));
    }

    /** The result as JSON: the report's tree, with {@code partner} when there were triplets. */
    public Map<String, Object> toJson() {
        Map<String, Object> tree = report.toJson();
        if (!partner.isEmpty()) {
            tree.put("partner", Map.of("triplets", triplets, "methods", PartnerSpecificity.toJson(partner)));
        }
        return tree;
    }
}
