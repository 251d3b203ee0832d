package pairviz.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import pairviz.PairvizException;

/**
 * 256-entry colour tables for heatmaps. {@link #JET} is OpenCV's {@code COLORMAP_JET}, the one the
 * reference pictures use; the others are matplotlib's perceptually uniform tables. The tables live
 * in {@code pairviz/render/<name>.txt} (made by {@code src/test/python/make_colormaps.py}).
 */
public enum Colormap {
    /** OpenCV's {@code COLORMAP_JET} (the reference). */
    JET,
    /** matplotlib's viridis. */
    VIRIDIS,
    /** matplotlib's inferno. */
    INFERNO,
    /** matplotlib's turbo. */
    TURBO;

    /** Number of levels in every table. */
    public static final int LEVELS = 256;

    private volatile int[] table;

    /** The colour of {@code level} (0..255) as packed {@code 0xRRGGBB}. */
    public int rgb(int level) {
        if (level < 0 || level >= LEVELS) {
            throw new IllegalArgumentException("colormap level out of 0..255: " + level);
        }
        return table()[level];
    }

    /** The lower-case name used on the command line and for the resource file. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The colormap named {@code name} (any case).
     *
     * @throws PairvizException naming the text and the choices when there is none of that name
     */
    public static Colormap parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (Colormap c : values()) {
            if (c.id().equals(key)) {
                return c;
            }
        }
        throw new PairvizException("unknown colormap '" + name + "': choose one of "
                + Arrays.stream(values()).map(Colormap::id).collect(Collectors.joining(", ")));
    }

    private int[] table() {
        int[] t = table;
        if (t == null) {
            t = load(id());
            table = t;
        }
        return t;
    }

    private static int[] load(String id) {
        String resource = id + ".txt";
        try (InputStream in = Colormap.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing colormap resource pairviz/render/" + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            int[] t = new int[LEVELS];
            int n = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\s+");
                t[n++] = Integer.parseInt(f[0]) << 16 | Integer.parseInt(f[1]) << 8 | Integer.parseInt(f[2]);
            }
            if (n != LEVELS) {
                throw new IllegalStateException("colormap resource " + resource + " has " + n + " entries, not 256");
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
