package pairviz.data.scenes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The shapes objects are made of, defined in unit coordinates: the object's centre is (0, 0),
 * every shape fits in the unit disc, and v grows downwards (image convention). A shape is also
 * the object's semantic class in the segmentation maps: {@link #semanticId()}.
 */
public enum ShapeKind {
    CIRCLE,
    SQUARE,
    TRIANGLE,
    STAR,
    RING,
    CROSS,
    HEXAGON,
    CRESCENT,
    HEART,
    ARROW;

    private static final double[][] TRIANGLE_POLY = regular(3, 1.0, -90);
    private static final double[][] HEXAGON_POLY = regular(6, 0.95, 0);
    private static final double[][] STAR_POLY = star(5, 1.0, 0.45);
    private static final double[][] ARROW_POLY = {
        {-0.95, 0.1, 0.1, 0.95, 0.1, 0.1, -0.95},
        {-0.22, -0.22, -0.65, 0, 0.65, 0.22, 0.22}
    };

    /** The label of this shape in segmentation maps: 1 + its position here (0 is background). */
    public int semanticId() {
        return ordinal() + 1;
    }

    /** The lower-case name used in JSON files. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The shape with the given {@link #key()}. */
    @JsonCreator
    public static ShapeKind of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /** Whether the point (u, v), in unit coordinates, lies inside the shape. */
    public boolean contains(double u, double v) {
        double r2 = u * u + v * v;
        if (r2 > 1) {
            return false;
        }
        return switch (this) {
            case CIRCLE -> r2 <= 0.9 * 0.9;
            case SQUARE -> Math.abs(u) <= 0.7 && Math.abs(v) <= 0.7;
            case TRIANGLE -> inPolygon(TRIANGLE_POLY, u, v);
            case STAR -> inPolygon(STAR_POLY, u, v);
            case RING -> r2 <= 0.95 * 0.95 && r2 >= 0.5 * 0.5;
            case CROSS -> (Math.abs(u) <= 0.3 && Math.abs(v) <= 0.95) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 0.95);
            case HEXAGON -> inPolygon(HEXAGON_POLY, u, v);
            case CRESCENT -> r2 <= 0.95 * 0.95 && (u - 0.45) * (u - 0.45) + v * v > 0.72 * 0.72;
            case HEART -> inHeart(u, v);
            case ARROW -> inPolygon(ARROW_POLY, u, v);
        };
    }

    /** The classic heart curve (x^2 + y^2 - 1)^3 - x^2 y^3 <= 0, scaled into the unit disc. */
    private static boolean inHeart(double u, double v) {
        double x = u * 1.25;
        double y = -v * 1.25 + 0.12;
        double a = x * x + y * y - 1;
        return a * a * a - x * x * y * y * y <= 0;
    }

    /** Even-odd point-in-polygon test; poly[0] holds the x coordinates, poly[1] the y. */
    private static boolean inPolygon(double[][] poly, double x, double y) {
        double[] px = poly[0];
        double[] py = poly[1];
        boolean inside = false;
        for (int i = 0, j = px.length - 1; i < px.length; j = i++) {
            if ((py[i] > y) != (py[j] > y) && x < (px[j] - px[i]) * (y - py[i]) / (py[j] - py[i]) + px[i]) {
                inside = !inside;
            }
        }
        return inside;
    }

    private static double[][] regular(int n, double radius, double startDeg) {
        double[][] p = new double[2][n];
        for (int i = 0; i < n; i++) {
            double a = StrictMath.toRadians(startDeg + 360.0 * i / n);
            p[0][i] = radius * StrictMath.cos(a);
            p[1][i] = radius * StrictMath.sin(a);
        }
        return p;
    }

    private static double[][] star(int points, double outer, double inner) {
        double[][] p = new double[2][2 * points];
        for (int i = 0; i < 2 * points; i++) {
            double a = StrictMath.toRadians(-90 + 180.0 * i / points);
            double r = i % 2 == 0 ? outer : inner;
            p[0][i] = r * StrictMath.cos(a);
            p[1][i] = r * StrictMath.sin(a);
        }
        return p;
    }
}
