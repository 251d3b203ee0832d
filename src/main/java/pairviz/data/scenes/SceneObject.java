package pairviz.data.scenes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * One object drawn in a scene, as written to {@code objects/<class>/<i>.json}.
 *
 * @param index the object's label in the image's mask: 1 for the first object drawn, 2 for the
 *     next, and so on (later objects occlude earlier ones; 0 in the mask is background)
 * @param id which catalog object this is: {@code sig:c<class>:o<k>} for class {@code class}'s
 *     signature number k, or {@code dis:<j>} for distractor number j (all numbered from 0); the
 *     same id in two images means the same-looking object
 * @param kind signature (owned by a class) or distractor (shared by all classes)
 * @param ownerClass the class owning a signature; null for a distractor
 * @param shape its shape
 * @param colour its colour
 * @param texture its texture
 * @param centre its centre in pixels (x right, y down; pixel (i, j) spans [i, i+1) x [j, j+1))
 * @param radius the radius of its unit disc in pixels (every shape fits in that disc)
 * @param rotation its rotation in degrees, clockwise on screen
 * @param bbox the pixels whose centres the object covers, before occlusion, clipped to the image
 * @param area how many pixel centres the object covers, before occlusion
 * @param visiblePixels how many mask pixels carry this object's {@code index}
 */
public record SceneObject(
        int index,
        String id,
        Kind kind,
        @JsonProperty("class") Integer ownerClass,
        ShapeKind shape,
        Colour colour,
        Texture texture,
        Point centre,
        double radius,
        double rotation,
        Box bbox,
        int area,
        int visiblePixels) {

    public SceneObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    /** Whether the object is a class signature (as opposed to a distractor). */
    @JsonIgnore
    public boolean isSignature() {
        return kind == Kind.SIGNATURE;
    }

    /** The object's look. */
    public ObjectType type() {
        return new ObjectType(shape, colour, texture);
    }

    /** Signature or distractor. */
    public enum Kind {
        SIGNATURE,
        DISTRACTOR;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    /** A point in pixel coordinates. */
    public record Point(double x, double y) {}

    /**
     * A pixel rectangle: x0 <= x < x1, y0 <= y < y1 (empty when x1 <= x0 or y1 <= y0).
     */
    public record Box(int x0, int y0, int x1, int y1) {
        /** The empty box. */
        public static final Box EMPTY = new Box(0, 0, 0, 0);

        /** Width times height, 0 when empty. */
        public int pixels() {
            return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        }
    }
}
