package pairviz.data.scenes;

import java.util.SplittableRandom;

/**
 * A random muted background: low-saturation colours so the saturated objects stand out, in one
 * of three styles. Evaluated at continuous pixel coordinates, so it can be supersampled.
 */
final class Background {

    /** The background styles. */
    enum Style {
        /** Smooth value noise, blending two colours. */
        NOISE,
        /** A linear blend of two colours in a random direction. */
        GRADIENT,
        /** Wide, soft-edged bands of two colours at a random angle. */
        STRIPES
    }

    private static final int NOISE_CELLS = 6;

    final Style style;
    private final int colourA;
    private final int colourB;
    private final double dirX;
    private final double dirY;
    private final double period;
    private final double size;
    private final double[] noise;

    private Background(Style style, int colourA, int colourB, double angle, double period, double size, double[] noise) {
        this.style = style;
        this.colourA = colourA;
        this.colourB = colourB;
        this.dirX = StrictMath.cos(angle);
        this.dirY = StrictMath.sin(angle);
        this.period = period;
        this.size = size;
        this.noise = noise;
    }

    /** Draws a background for a {@code size x size} image. */
    static Background random(SplittableRandom rng, int size) {
        Style style = Style.values()[rng.nextInt(Style.values().length)];
        double hue = rng.nextDouble();
        double sat = 0.05 + 0.25 * rng.nextDouble();
        double bright = 0.35 + 0.4 * rng.nextDouble();
        int a = Pixels.hsb(hue, sat, bright);
        double hue2 = hue + (rng.nextDouble() - 0.5) * 0.15;
        double bright2 = bright + (rng.nextBoolean() ? 1 : -1) * (0.1 + 0.1 * rng.nextDouble());
        int b = Pixels.hsb(hue2 - Math.floor(hue2), sat, Math.min(0.9, Math.max(0.2, bright2)));
        double angle = rng.nextDouble() * 2 * Math.PI;
        double period = size * (0.15 + 0.2 * rng.nextDouble());
        double[] noise = new double[(NOISE_CELLS + 1) * (NOISE_CELLS + 1)];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = rng.nextDouble();
        }
        return new Background(style, a, b, angle, period, size, noise);
    }

    /** The colour (0xRRGGBB) at pixel coordinates (x, y). */
    int colourAt(double x, double y) {
        double t = switch (style) {
            case NOISE -> noiseAt(x / size * NOISE_CELLS, y / size * NOISE_CELLS);
            case GRADIENT -> {
                double p = ((x / size - 0.5) * dirX + (y / size - 0.5) * dirY) / Math.sqrt(2) + 0.5;
                yield Math.min(1, Math.max(0, p));
            }
            case STRIPES -> {
                double p = (x * dirX + y * dirY) / period;
                double f = p - Math.floor(p);
                // A smooth band profile: 0 -> 1 -> 0 over one period.
                yield smooth(Math.min(1, Math.max(0, 3 * (0.5 - Math.abs(f - 0.5)) - 0.25)));
            }
        };
        return Pixels.mix(colourA, colourB, t);
    }

    /** Value noise: random values on a grid, blended with smoothstep weights. */
    private double noiseAt(double gx, double gy) {
        int x0 = Math.min(NOISE_CELLS - 1, Math.max(0, (int) Math.floor(gx)));
        int y0 = Math.min(NOISE_CELLS - 1, Math.max(0, (int) Math.floor(gy)));
        double fx = smooth(Math.min(1, Math.max(0, gx - x0)));
        double fy = smooth(Math.min(1, Math.max(0, gy - y0)));
        int w = NOISE_CELLS + 1;
        double top = noise[y0 * w + x0] * (1 - fx) + noise[y0 * w + x0 + 1] * fx;
        double bottom = noise[(y0 + 1) * w + x0] * (1 - fx) + noise[(y0 + 1) * w + x0 + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** The style's lower-case name. */
    String key() {
        return style.name().toLowerCase(java.util.Locale.ROOT);
    }
}
