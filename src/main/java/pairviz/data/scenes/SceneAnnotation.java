package pairviz.data.scenes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The ground truth of one scene image, as written to {@code objects/<class>/<i>.json}.
 *
 * @param cls the image's class
 * @param index the image's number within its class
 * @param size the image's width and height in pixels
 * @param background the background style (noise, gradient or stripes)
 * @param objects the objects in drawing order; {@code objects.get(k - 1).index() == k}
 */
public record SceneAnnotation(
        @JsonProperty("class") int cls, int index, int size, String background, List<SceneObject> objects) {

    public SceneAnnotation {
        objects = List.copyOf(objects);
    }

    /** The object carrying mask label {@code label} (1-based), or null for 0 or an unknown label. */
    public SceneObject object(int label) {
        return label >= 1 && label <= objects.size() ? objects.get(label - 1) : null;
    }
}
