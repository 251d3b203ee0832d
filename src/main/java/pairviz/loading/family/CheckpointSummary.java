package pairviz.loading.family;

import java.util.List;
import pairviz.model.ModelConfig;

/**
 * A checkpoint as {@code pairviz inspect} describes it: what was read, in plain values (the JSON
 * of {@code inspect --json}).
 *
 * @param file the checkpoint's name
 * @param family the family's id
 * @param familyTitle what the family is
 * @param kind the kind of network ("ViT", "BiT ResNet-v2", ...)
 * @param architecture the architecture in words
 * @param imageSize side of the square input
 * @param grid side K of the K x K grid of output tokens
 * @param pooling how the tokens become the embedding: {@code mean} (of the grid's tokens) or
 *     {@code class token}
 * @param prefixTokens tokens beside the grid (a class token, registers)
 * @param attentionLayers layers whose attention the network yields (0 for a CNN)
 * @param attentionTaps whether pairviz reaches each attention map inside the forward pass (false
 *     for a TorchScript network, whose attention maps are outputs)
 * @param embedding width E of the embedding
 * @param tensors tensors the network uses
 * @param parameters values in them
 * @param ignored tensors of the file pairviz does not use, with the reason
 * @param notes what pairviz decided on the user's behalf
 * @param preprocessing how a photo becomes the input: {@code resize}, {@code crop_fraction},
 *     {@code interpolation}, {@code pixel_range}, {@code mean}, {@code std}, {@code bgr}, and
 *     {@code origin}: where each value came from (the model's metadata, a file beside it, its
 *     library, a flag, or {@code default})
 */
public record CheckpointSummary(
        String file, String family, String familyTitle, String kind, String architecture, int imageSize, int grid,
        String pooling, int prefixTokens, int attentionLayers, boolean attentionTaps,
        int embedding, int tensors, long parameters, List<String> ignored, List<String> notes,
        java.util.Map<String, Object> preprocessing) {

    /** What {@link #pooling} says of a class-token network. */
    public static final String CLASS_TOKEN = "class token";

    /** The summary of {@code reading} of the file {@code file}. */
    public static CheckpointSummary of(String file, CheckpointReading reading) {
        ModelConfig c = reading.config();
        return new CheckpointSummary(file, reading.family().id(), reading.family().title(), c.kind(), c.describe(),
                c.imageSize(), c.gridSize(), c.classToken() ? CLASS_TOKEN : "mean", c.prefixTokens(), c.attentionLayers(),
                c.attentionTaps(), c.outDim(), reading.weights().size(), reading.weights().parameterCount(),
                reading.ignored(), reading.notes(), reading.preprocessing().resolve(c.imageSize(), "the model").toJson());
    }

    @SuppressWarnings("unchecked")
    private String from(String field) {
        return ((java.util.Map<String, String>) preprocessing.get("origin")).getOrDefault(field, "default");
    }

    /** The summary as lines of text, one fact a line. */
    public List<String> lines() {
        List<String> out = new java.util.ArrayList<>(List.of(
                "file:         " + file,
                "family:       " + family + " (" + familyTitle + ")",
                "architecture: " + architecture,
                "input:        " + imageSize + " x " + imageSize,
                "tokens:       " + grid * grid + " on a " + grid + " x " + grid + " grid"
                        + (prefixTokens == 0 ? "" : ", " + prefixTokens + " more before it"),
                "pooling:      " + (pooling.equals(CLASS_TOKEN) ? "the class token's output is the embedding"
                        : "the mean of the grid's " + grid * grid + " tokens is the embedding"),
                "attention:    " + (attentionLayers == 0 ? "none"
                        : attentionLayers + " layer" + (attentionLayers == 1 ? "" : "s") + (attentionTaps
                                ? ", tapped inside the forward pass"
                                : ", returned as outputs: no gradient with respect to them")),
                "embedding:    " + embedding + "-d",
                "weights:      " + tensors + " tensors, " + parameters + " values"));
        out.add("resize:       " + preprocessing.get("resize")
                + ("center-crop".equals(preprocessing.get("resize")) ? " " + preprocessing.get("crop_fraction") : "") + ", "
                + preprocessing.get("interpolation") + " (" + from(PreprocessingHints.RESIZE) + ")");
        out.add("pixels:       " + preprocessing.get("pixel_range") + ", " + (Boolean.TRUE.equals(preprocessing.get("bgr")) ? "BGR" : "RGB")
                + " (" + from(PreprocessingHints.RANGE) + ")");
        out.add("normalise:    mean " + java.util.Arrays.toString((float[]) preprocessing.get("mean")) + ", std "
                + java.util.Arrays.toString((float[]) preprocessing.get("std")) + " (" + from(PreprocessingHints.NORM) + ")");
        out.add("ignored:      " + (ignored.isEmpty() ? "nothing" : String.join("; ", ignored)));
        notes.forEach(n -> out.add("note:         " + n));
        return out;
    }
}
