package pairviz.data.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {

    private static final SceneSpec SPEC = SceneSpec.of(6, 4, 64, 42);

    private static int[] pixels(BufferedImage im) {
        return im.getRGB(0, 0, im.getWidth(), im.getHeight(), null, 0, im.getWidth());
    }

    @Test
    void sameSeedGivesTheSameScene() {
        Scene a = new SceneGenerator(SPEC).generate(3, 2);
        Scene b = new SceneGenerator(SPEC).generate(3, 2);
        assertThat(pixels(a.image())).isEqualTo(pixels(b.image()));
        assertThat(a.mask()).isEqualTo(b.mask());
        assertThat(a.annotation()).isEqualTo(b.annotation());
    }

    @Test
    void imagesDoNotDependOnGenerationOrder() {
        SceneGenerator g = new SceneGenerator(SPEC);
        Scene first = g.generate(1, 1);
        g.generate(5, 3);
        g.generate(0, 0);
        assertThat(pixels(g.generate(1, 1).image())).isEqualTo(pixels(first.image()));
    }

    @Test
    void differentSeedsGiveDifferentSignaturesOverTheSameDistractors() {
        SceneCatalog a = SceneCatalog.draw(SPEC);
        SceneCatalog b = SceneCatalog.draw(SceneSpec.of(6, 4, 64, 43));
        for (int c = 0; c < 6; c++) {
            assertThat(b.signatures().get(c)).as("class " + c).isNotEqualTo(a.signatures().get(c));
        }
        // The furniture is common to every seed: a model trained on one can learn to ignore it in another.
        assertThat(b.distractors()).isEqualTo(a.distractors());
        assertThat(pixels(new SceneGenerator(SceneSpec.of(6, 4, 64, 43)).generate(0, 0).image()))
                .isNotEqualTo(pixels(new SceneGenerator(SPEC).generate(0, 0).image()));
    }

    @Test
    void catalogNeverReusesAnObjectAndClassesDoNotDependOnTheClassCount() {
        SceneCatalog catalog = SceneCatalog.draw(SceneSpec.of(100, 1, 64, 7));
        Set<ObjectType> seen = new HashSet<>();
        for (List<ObjectType> sigs : catalog.signatures()) {
            assertThat(sigs.size()).isBetween(SceneSpec.MIN_SIGNATURES, SceneSpec.MAX_SIGNATURES);
            for (ObjectType t : sigs) {
                assertThat(seen.add(t)).as("reused " + t).isTrue();
            }
        }
        for (ObjectType t : catalog.distractors()) {
            assertThat(seen.add(t)).as("distractor duplicates " + t).isTrue();
        }
        assertThat(catalog.distractors()).hasSize(SceneSpec.DISTRACTOR_POOL);
        // Both counts 3 and 4 occur among 100 classes.
        assertThat(catalog.signatures().stream().map(List::size).distinct()).containsExactlyInAnyOrder(3, 4);
        SceneCatalog small = SceneCatalog.draw(SceneSpec.of(5, 1, 64, 7));
        assertThat(small.signatures()).isEqualTo(catalog.signatures().subList(0, 5));
    }

    @Test
    void masksSegmentationAndObjectListAgree() {
        SceneGenerator g = new SceneGenerator(SPEC);
        for (int c = 0; c < SPEC.classes(); c++) {
            for (int i = 0; i < SPEC.perClass(); i++) {
                Scene s = g.generate(c, i);
                List<SceneObject> objects = s.annotation().objects();
                int[] histogram = s.mask().histogram();
                int total = 0;
                for (int k = 0; k < objects.size(); k++) {
                    SceneObject o = objects.get(k);
                    assertThat(o.index()).isEqualTo(k + 1);
                    assertThat(o.visiblePixels()).isEqualTo(histogram[k + 1]);
                    assertThat(o.visiblePixels()).isLessThanOrEqualTo(o.area());
                    assertThat(o.area()).isLessThanOrEqualTo(o.bbox().pixels());
                    total += o.visiblePixels();
                }
                assertThat(total + histogram[0]).isEqualTo(64 * 64);
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        int label = s.mask().get(x, y);
                        SceneObject o = s.annotation().object(label);
                        if (o != null) {
                            SceneObject.Box b = o.bbox();
                            assertThat(x >= b.x0() && x < b.x1() && y >= b.y0() && y < b.y1()).isTrue();
                        } else {
                            assertThat(label).isZero();
                        }
                        assertThat(s.segmentation().get(x, y)).isEqualTo(o == null ? 0 : o.shape().semanticId());
                    }
                }
            }
        }
    }

    @Test
    void everyImageShowsItsOwnClassSignaturesAndSomeDistractors() {
        SceneGenerator g = new SceneGenerator(SPEC);
        for (int c = 0; c < SPEC.classes(); c++) {
            List<ObjectType> own = g.catalog().signatures().get(c);
            for (int i = 0; i < SPEC.perClass(); i++) {
                List<SceneObject> objects = g.generate(c, i).annotation().objects();
                long signatures = 0;
                long distractors = 0;
                for (SceneObject o : objects) {
                    if (o.isSignature()) {
                        signatures++;
                        assertThat(o.ownerClass()).isEqualTo(c);
                        assertThat(own).contains(o.type());
                        assertThat(o.id()).startsWith("sig:c" + c + ":o");
                        // Signatures keep at least half their pixels visible.
                        assertThat(2 * o.visiblePixels()).isGreaterThanOrEqualTo(o.area());
                        assertThat(o.visiblePixels()).isPositive();
                    } else {
                        distractors++;
                        assertThat(o.ownerClass()).isNull();
                        assertThat(g.catalog().distractors()).contains(o.type());
                    }
                }
                assertThat(signatures).isBetween((long) Math.min(2, own.size()), (long) own.size());
                assertThat(distractors).isBetween((long) SceneSpec.MIN_DISTRACTORS, (long) SceneSpec.MAX_DISTRACTORS);
                assertThat(objects.stream().map(SceneObject::id).distinct().count()).isEqualTo(objects.size());
            }
        }
    }

    @Test
    void solidObjectsShowTheirExactColourInsideTheirMask() {
        SceneGenerator g = new SceneGenerator(SceneSpec.of(20, 3, 128, 3));
        int checked = 0;
        int matched = 0;
        for (int c = 0; c < 20; c++) {
            for (int i = 0; i < 3; i++) {
                Scene s = g.generate(c, i);
                for (int y = 2; y < 126; y++) {
                    for (int x = 2; x < 126; x++) {
                        SceneObject o = s.annotation().object(s.mask().get(x, y));
                        if (o == null || o.texture() != Texture.SOLID || !interior(s.mask(), x, y)) {
                            continue;
                        }
                        checked++;
                        if ((s.image().getRGB(x, y) & 0xFFFFFF) == o.colour().rgb) {
                            matched++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        // Exact except where a non-convex shape (star tip, crescent horn) is thinner than a pixel.
        assertThat((double) matched / checked).isGreaterThan(0.999);
    }

    /** Whether the 3 x 3 neighbourhood of (x, y) carries one label. */
    private static boolean interior(LabelMap mask, int x, int y) {
        int label = mask.get(x, y);
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (mask.get(x + dx, y + dy) != label) {
                    return false;
                }
            }
        }
        return true;
    }
}
