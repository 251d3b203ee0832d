package pairviz.eval.faithfulness;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.ImageNames;
import pairviz.data.ImageSource;
import pairviz.data.Sample;
import pairviz.image.GaussianBlur;
import pairviz.image.Resize;

/**
 * Partner specificity on any photos, by construction. For a photo A and two others C and D,
 * {@code B1} is A's top half over C's bottom half and {@code B2} is D's top half over A's bottom
 * half (or the same with left and right halves): B1 shares exactly A's top half with A, B2
 * exactly its bottom half. A map of A that follows its partner puts more of its mass on the top
 * half given B1 than given B2, and more on the bottom half given B2 ({@link PartnerSpecificity}'s
 * score with {@code U1}, {@code U2} the two halves). Optionally the shared half is changed in B
 * ({@link Change}) so that it is similar to A's, not a copy. The same construction gives real
 * pairs (A, B1) and (A, B2) whose ground truth is the shared half, for deletion, insertion and
 * the ground-truth measures, and unrelated pairs (A, C) as the control.
 */
public final class SwappedHalves {
    /** The label of every constructed pair's images (they are "same-class": they share a half). */
    static final String SHARED = "shares-a-half";
    /** How the triplets are made, for tables. */
    public static final String DESCRIPTION = "A a photo; B1 its top (left) half over another photo, B2 a third photo"
            + " over its bottom (right) half";

    private SwappedHalves() {}

    /** How a photo is cut in two. */
    public enum Split {
        /** Top and bottom halves (B1 keeps A's top). */
        TOP_BOTTOM("top", "bottom"),
        /** Left and right halves (B1 keeps A's left). */
        LEFT_RIGHT("left", "right");

        private final String first;
        private final String second;

        Split(String first, String second) {
            this.first = first;
            this.second = second;
        }

        /** The half B1 shares with A. */
        public String first() {
            return first;
        }

        /** The half B2 shares with A. */
        public String second() {
            return second;
        }
    }

    /** What is done to A's half in B, so that B's half is like A's rather than a copy. */
    public enum Change {
        /** A's pixels as they are. */
        NONE,
        /** Moved right and down by 1/16 of the photo's side (edges repeated). */
        SHIFT,
        /** Blurred by a Gaussian of sigma 1/64 of the photo's shorter side. */
        BLUR,
        /** Gamma 0.7 on 0..1 values (lighter mid-tones). */
        GAMMA;

        /** The lower-case name used by flags and JSON. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses an {@link #id()}. */
        public static Change parse(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            for (Change c : values()) {
                if (c.id().equals(t)) {
                    return c;
                }
            }
            throw new PairvizException("unknown change '" + text + "': use none, shift, blur or gamma");
        }
    }

    /**
     * A photo with one half taken from another photo A (possibly changed), the rest from
     * {@code other} resized to A's size.
     *
     * @param a the photo whose half is kept
     * @param other the photo the rest comes from
     * @param half which half of A is kept: top, bottom, left or right
     * @param change what is done to A's half
     */
    public record HalfSwap(Sample a, Sample other, String half, Change change) implements ImageSource {
        public HalfSwap {
            if (!Set.of("top", "bottom", "left", "right").contains(half)) {
                throw new IllegalArgumentException("half " + half);
            }
        }

        @Override
        public String id() {
            return a.id() + "[" + half + (change == Change.NONE ? "" : "," + change.id()) + "]+" + other.id();
        }

        @Override
        public BufferedImage load() {
            BufferedImage pa = a.load(); // TYPE_INT_RGB, as every ImageSource gives
            int w = pa.getWidth();
            int h = pa.getHeight();
            int[] kept = changed(pixels(pa), w, h, change);
            int[] out = pixels(Resize.bilinear(other.load(), w, h));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (inHalf(half, x, y, w, h)) {
                        out[y * w + x] = kept[y * w + x];
                    }
                }
            }
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, w, h, out, 0, w);
            return img;
        }
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** Whether pixel (x, y) of a w x h photo is in {@code half}. */
    static boolean inHalf(String half, int x, int y, int w, int h) {
        return switch (half) {
            case "top" -> y < h / 2;
            case "bottom" -> y >= h / 2;
            case "left" -> x < w / 2;
            case "right" -> x >= w / 2;
            default -> throw new IllegalArgumentException(half);
        };
    }

    /** The packed RGB pixels of a w x h photo with {@code change} applied. */
    static int[] changed(int[] px, int w, int h, Change change) {
        switch (change) {
            case NONE:
                return px;
            case SHIFT: {
                int dx = Math.max(1, w / 16);
                int dy = Math.max(1, h / 16);
                int[] out = new int[px.length];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[y * w + x] = px[Math.max(0, y - dy) * w + Math.max(0, x - dx)];
                    }
                }
                return out;
            }
            case GAMMA: {
                int[] lut = new int[256];
                for (int v = 0; v < 256; v++) {
                    lut[v] = (int) Math.round(255 * Math.pow(v / 255.0, 0.7));
                }
                int[] out = new int[px.length];
                for (int i = 0; i < px.length; i++) {
                    int p = px[i];
                    out[i] = lut[(p >>> 16) & 0xff] << 16 | lut[(p >>> 8) & 0xff] << 8 | lut[p & 0xff];
                }
                return out;
            }
            case BLUR: {
                // GaussianBlur works on square planes: blur each channel on a square canvas of the longer side
                int s = Math.max(w, h);
                float[] planes = new float[3 * s * s];
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        int p = px[Math.min(y, h - 1) * w + Math.min(x, w - 1)];
                        for (int c = 0; c < 3; c++) {
                            planes[(c * s + y) * s + x] = (p >>> (16 - 8 * c)) & 0xff;
                        }
                    }
                }
                float[] b = GaussianBlur.apply(planes, s, Math.min(w, h) / 64.0);
                int[] out = new int[px.length];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int v = 0;
                        for (int c = 0; c < 3; c++) {
                            v |= Math.max(0, Math.min(255, Math.round(b[(c * s + y) * s + x]))) << (16 - 8 * c);
                        }
                        out[y * w + x] = v;
                    }
                }
                return out;
            }
            default:
                throw new IllegalArgumentException(change.name());
        }
    }

    /** Every image file under {@code folder} (any depth), sorted by path. */
    public static List<Sample> photos(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw BadParameterException.of("photos", folder + ": no such folder");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<Sample> out = files.filter(Files::isRegularFile).filter(ImageNames::isImageName).sorted()
                    .map(p -> Sample.ofFile(p, p.toString())).toList();
            if (out.size() < 3) {
                throw BadParameterException.of("photos", folder + ": " + out.size()
                        + " photos; the construction needs at least 3 (A and two others)");
            }
            return out;
        } catch (java.io.IOException e) {
            throw new PairvizException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code n} triplets (A, B1, B2) built from the photos: A in turn from a shuffled order, C and
     * D two other photos at random; the split alternates (top/bottom, then left/right).
     */
    public static List<PartnerSpecificity.Triplet> triplets(List<Sample> photos, int n, Change change, Random random) {
        if (photos.size() < 3) {
            throw new IllegalArgumentException("at least 3 photos");
        }
        List<Sample> order = new ArrayList<>(photos);
        java.util.Collections.shuffle(order, random);
        List<PartnerSpecificity.Triplet> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Sample a = order.get(i % order.size());
            Sample c;
            Sample d;
            do {
                c = photos.get(random.nextInt(photos.size()));
                d = photos.get(random.nextInt(photos.size()));
            } while (c == a || d == a || c == d);
            Split split = i % 2 == 0 ? Split.TOP_BOTTOM : Split.LEFT_RIGHT;
            Sample b1 = new Sample(new HalfSwap(a, c, split.first(), change), SHARED);
            Sample b2 = new Sample(new HalfSwap(a, d, split.second(), change), SHARED);
            out.add(new PartnerSpecificity.Triplet(new Sample(a.image(), SHARED), b1, b2,
                    Set.of(split.first()), Set.of(split.second())));
        }
        return out;
    }

    /** The halves a triplet names ({@link PartnerSpecificity.Triplet#onlyB1()}, {@code onlyB2()}) as cell coverages. */
    public static PartnerSpecificity.Regions regions() {
        return (t, rows, cols) -> new float[][] {coverage(t.onlyB1().iterator().next(), rows, cols),
            coverage(t.onlyB2().iterator().next(), rows, cols)};
    }

    /**
     * The fraction of each cell of a {@code rows x cols} grid inside {@code half} of the network's
     * input (which shows the whole photo squashed, so a half of the photo is a half of the input).
     */
    static float[] coverage(String half, int rows, int cols) {
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double y0 = (double) r / rows;
                double y1 = (double) (r + 1) / rows;
                double x0 = (double) c / cols;
                double x1 = (double) (c + 1) / cols;
                double f = switch (half) {
                    case "top" -> overlap(y0, y1, 0, 0.5);
                    case "bottom" -> overlap(y0, y1, 0.5, 1);
                    case "left" -> overlap(x0, x1, 0, 0.5);
                    case "right" -> overlap(x0, x1, 0.5, 1);
                    default -> throw new IllegalArgumentException(half);
                };
                out[r * cols + c] = (float) f;
            }
        }
        return out;
    }

    private static double overlap(double a0, double a1, double b0, double b1) {
        return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0)) / (a1 - a0);
    }

    /**
     * Real pairs from the triplets for deletion, insertion and ground truth: (A, B1) from the
     * even triplets, (A, B2) from the odd ones, their shared half the ground truth
     * ({@link #groundTruth()}); with {@code controls} unrelated pairs (A, C), of different labels.
     */
    public static List<ImagePair> pairs(List<PartnerSpecificity.Triplet> triplets, int n, int controls, Random random) {
        List<ImagePair> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, triplets.size()); i++) {
            PartnerSpecificity.Triplet t = triplets.get(i);
            out.add(new ImagePair(t.a(), i % 2 == 0 ? t.b1() : t.b2()));
        }
        for (int i = 0; i < Math.min(controls, triplets.size()); i++) {
            PartnerSpecificity.Triplet t = triplets.get(i);
            Sample other = ((HalfSwap) t.b1().image()).other();
            out.add(new ImagePair(t.a(), new Sample(other.image(), "unrelated")));
        }
        return out;
    }

    /** The ground truth of a constructed pair: the half of A that B shares (none for a control). */
    public static MaskSource groundTruth() {
        return (pair, rows, cols) -> pair.b().image() instanceof HalfSwap h ? coverage(h.half(), rows, cols) : null;
    }
}
