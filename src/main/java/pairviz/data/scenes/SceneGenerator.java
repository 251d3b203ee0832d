package pairviz.data.scenes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the synthetic-scenes benchmark: images whose class is decided only by which
 * signature objects they show, with exact ground truth of where every object is.
 *
 * <p>Each image of class c: a random muted background; a random subset of c's signature objects
 * (at least 2 when c has 2 or more); 1-3 distractors from the pool shared by all classes and
 * seeds;
 * objects drawn in a random order at random positions, sizes and rotations, later ones occluding
 * earlier ones. A layout is redrawn (up to {@value #MAX_LAYOUTS} times, keeping the best) until
 * every signature object keeps at least half of its pixels visible and every distractor a
 * quarter. Positions are rounded to 1/100 pixel, radii to 1/100 pixel and rotations to 1/10
 * degree before drawing, so the JSON describes the picture exactly.
 *
 * <p>Image (c, i) depends only on (seed, c, i) and the catalog, never on which thread or in which
 * order images are generated.
 */
public final class SceneGenerator {

    /** Version of the generation rules; part of {@code scenes.json}, raised when output changes. */
    public static final int VERSION = 2;

    /** Layout attempts per image. */
    public static final int MAX_LAYOUTS = 100;

    private static final long IMAGE = 3;
    private static final double MIN_VISIBLE_SIGNATURE = 0.5;
    private static final double MIN_VISIBLE_DISTRACTOR = 0.25;

    private final SceneSpec spec;
    private final SceneCatalog catalog;

    public SceneGenerator(SceneSpec spec) {
        this.spec = spec;
        this.catalog = SceneCatalog.draw(spec);
    }

    public SceneSpec spec() {
        return spec;
    }

    public SceneCatalog catalog() {
        return catalog;
    }

    /** Generates image {@code index} of class {@code cls}. */
    public Scene generate(int cls, int index) {
        if (cls < 0 || cls >= spec.classes() || index < 0 || index >= spec.perClass()) {
            throw new IllegalArgumentException("no image " + cls + "/" + index + " in " + spec);
        }
        int size = spec.size();
        SplittableRandom rng = new SplittableRandom(Seeds.of(spec.seed(), IMAGE, cls, index));
        Background background = Background.random(rng, size);
        List<Chosen> chosen = choose(rng, cls);

        List<PlacedObject> best = null;
        SceneRenderer.Coverage bestCoverage = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int attempt = 0; attempt < MAX_LAYOUTS && bestScore < 1; attempt++) {
            List<PlacedObject> placed = place(rng, chosen);
            SceneRenderer.Coverage coverage = SceneRenderer.cover(size, placed);
            double score = score(placed, coverage);
            if (score > bestScore) {
                best = placed;
                bestCoverage = coverage;
                bestScore = score;
            }
        }
        return assemble(cls, index, background, best, bestCoverage);
    }

    /** A catalog object chosen for an image, before placement. */
    private record Chosen(ObjectType type, String id, SceneObject.Kind kind, Integer owner) {}

    private List<Chosen> choose(SplittableRandom rng, int cls) {
        List<ObjectType> signatures = catalog.signatures().get(cls);
        int m = signatures.size();
        int least = Math.min(2, m);
        int k = least + rng.nextInt(m - least + 1);
        List<Chosen> chosen = new ArrayList<>();
        for (int o : sample(rng, m, k)) {
            chosen.add(new Chosen(signatures.get(o), SceneCatalog.signatureId(cls, o), SceneObject.Kind.SIGNATURE, cls));
        }
        int d = spec.minDistractors() + rng.nextInt(spec.maxDistractors() - spec.minDistractors() + 1);
        for (int j : sample(rng, catalog.distractors().size(), d)) {
            chosen.add(new Chosen(catalog.distractors().get(j), SceneCatalog.distractorId(j), SceneObject.Kind.DISTRACTOR, null));
        }
        // Drawing order: random, so distractors occlude signatures as often as the reverse.
        for (int i = chosen.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            chosen.set(j, chosen.set(i, chosen.get(j)));
        }
        return chosen;
    }

    /** {@code k} distinct numbers from 0..n-1, in random order. */
    private static int[] sample(SplittableRandom rng, int n, int k) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, k);
    }

    private List<PlacedObject> place(SplittableRandom rng, List<Chosen> chosen) {
        int size = spec.size();
        List<PlacedObject> placed = new ArrayList<>();
        for (Chosen c : chosen) {
            double radius = round(size * (spec.minScale() + (spec.maxScale() - spec.minScale()) * rng.nextDouble()), 100);
            // Keep the centre far enough in that most of the object is in the picture.
            double margin = Math.min(0.6 * radius, size / 2.0);
            double cx = round(margin + (size - 2 * margin) * rng.nextDouble(), 100);
            double cy = round(margin + (size - 2 * margin) * rng.nextDouble(), 100);
            double rotation = round(360 * rng.nextDouble(), 10) % 360;
            placed.add(new PlacedObject(c.type(), c.id(), c.kind(), c.owner(), cx, cy, radius, rotation));
        }
        return placed;
    }

    /**
     * How well a layout shows its objects: the smallest ratio of (visible share / required
     * share) over the objects, so 1 or more means every object is visible enough.
     */
    private static double score(List<PlacedObject> placed, SceneRenderer.Coverage coverage) {
        double worst = Double.POSITIVE_INFINITY;
        for (int k = 0; k < placed.size(); k++) {
            double required = placed.get(k).kind == SceneObject.Kind.SIGNATURE ? MIN_VISIBLE_SIGNATURE : MIN_VISIBLE_DISTRACTOR;
            double share = coverage.area()[k] == 0 ? 0 : (double) coverage.visible()[k] / coverage.area()[k];
            worst = Math.min(worst, share / required);
        }
        return worst;
    }

    private Scene assemble(int cls, int index, Background background, List<PlacedObject> placed, SceneRenderer.Coverage coverage) {
        int size = spec.size();
        List<SceneObject> objects = new ArrayList<>();
        for (int k = 0; k < placed.size(); k++) {
            PlacedObject p = placed.get(k);
            objects.add(new SceneObject(k + 1, p.id, p.kind, p.ownerClass, p.type.shape(), p.type.colour(), p.type.texture(),
                    new SceneObject.Point(p.cx, p.cy), p.radius, p.rotation,
                    coverage.bbox()[k], coverage.area()[k], coverage.visible()[k]));
        }
        LabelMap segmentation = new LabelMap(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int label = coverage.mask().get(x, y);
                if (label > 0) {
                    segmentation.set(x, y, placed.get(label - 1).type.shape().semanticId());
                }
            }
        }
        SceneAnnotation annotation = new SceneAnnotation(cls, index, size, background.key(), objects);
        return new Scene(annotation, SceneRenderer.paint(size, background, placed), coverage.mask(), segmentation);
    }

    private static double round(double value, int steps) {
        return Math.round(value * steps) / (double) steps;
    }
}
