package pairviz.data.scenes;

/** An object type placed in an image: position, size and rotation, ready to rasterise. */
final class PlacedObject {
    final ObjectType type;
    final String id;
    final SceneObject.Kind kind;
    final Integer ownerClass;
    final double cx;
    final double cy;
    final double radius;
    final double rotation;
    private final double cos;
    private final double sin;

    /**
     * @param rotation degrees, clockwise on screen
     */
    PlacedObject(ObjectType type, String id, SceneObject.Kind kind, Integer ownerClass,
            double cx, double cy, double radius, double rotation) {
        this.type = type;
        this.id = id;
        this.kind = kind;
        this.ownerClass = ownerClass;
        this.cx = cx;
        this.cy = cy;
        this.radius = radius;
        this.rotation = rotation;
        double a = StrictMath.toRadians(rotation);
        this.cos = StrictMath.cos(a);
        this.sin = StrictMath.sin(a);
    }

    /** The object's colour (0xRRGGBB) at pixel coordinates (x, y), or -1 where it is absent. */
    int colourAt(double x, double y) {
        double dx = x - cx;
        double dy = y - cy;
        if (Math.abs(dx) > radius || Math.abs(dy) > radius) {
            return -1;
        }
        // Undo the rotation, then the scale: pixel -> unit coordinates.
        double u = (dx * cos + dy * sin) / radius;
        double v = (-dx * sin + dy * cos) / radius;
        return type.colourAt(u, v);
    }

    /** Whether the object covers pixel coordinates (x, y). */
    boolean covers(double x, double y) {
        double dx = x - cx;
        double dy = y - cy;
        if (Math.abs(dx) > radius || Math.abs(dy) > radius) {
            return false;
        }
        return type.shape().contains((dx * cos + dy * sin) / radius, (-dx * sin + dy * cos) / radius);
    }

    /** First pixel column whose centre may be covered, clipped to [0, size]. */
    int minPixel(double c, int size) {
        return Math.max(0, Math.min(size, (int) Math.floor(c - radius - 0.5)));
    }

    /** One past the last pixel column whose centre may be covered, clipped to [0, size]. */
    int maxPixel(double c, int size) {
        return Math.max(0, Math.min(size, (int) Math.ceil(c + radius + 0.5)));
    }
}
