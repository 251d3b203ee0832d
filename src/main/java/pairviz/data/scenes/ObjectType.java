package pairviz.data.scenes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an object looks like: a shape, a colour and a texture. Two objects of the same type look
 * the same up to position, size and rotation.
 */
public record ObjectType(ShapeKind shape, Colour colour, Texture texture) {

    public ObjectType {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(texture, "texture");
    }

    /** Every type, shape-major, then colour, then texture (10 x 12 x 5 = 600). */
    public static List<ObjectType> all() {
        List<ObjectType> all = new ArrayList<>();
        for (ShapeKind s : ShapeKind.values()) {
            for (Colour c : Colour.values()) {
                for (Texture t : Texture.values()) {
                    all.add(new ObjectType(s, c, t));
                }
            }
        }
        return all;
    }

    /** How many types exist. */
    public static int count() {
        return ShapeKind.values().length * Colour.values().length * Texture.values().length;
    }

    /** The colour (0xRRGGBB) at unit coordinates (u, v), or -1 outside the shape. */
    int colourAt(double u, double v) {
        return shape.contains(u, v) ? texture.colourAt(colour, u, v) : -1;
    }
}
