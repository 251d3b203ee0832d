package pairviz.data.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShapeKindTest {

    private static final int GRID = 101;

    /** The shape sampled on a GRID x GRID lattice over [-1.1, 1.1]^2, as a string of 0/1. */
    private static String raster(ShapeKind s) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < GRID; j++) {
            for (int i = 0; i < GRID; i++) {
                b.append(s.contains(-1.1 + 2.2 * i / (GRID - 1), -1.1 + 2.2 * j / (GRID - 1)) ? '1' : '0');
            }
        }
        return b.toString();
    }

    @Test
    void everyShapeFitsTheUnitDiscAndFillsAFairPartOfIt() {
        for (ShapeKind s : ShapeKind.values()) {
            int inside = 0;
            int outsideDisc = 0;
            int discPoints = 0;
            for (int j = 0; j < GRID; j++) {
                for (int i = 0; i < GRID; i++) {
                    double u = -1.1 + 2.2 * i / (GRID - 1);
                    double v = -1.1 + 2.2 * j / (GRID - 1);
                    boolean in = s.contains(u, v);
                    boolean disc = u * u + v * v <= 1;
                    discPoints += disc ? 1 : 0;
                    inside += in ? 1 : 0;
                    outsideDisc += in && !disc ? 1 : 0;
                }
            }
            assertThat(outsideDisc).as(s.key()).isZero();
            assertThat((double) inside / discPoints).as(s.key()).isBetween(0.2, 0.9);
        }
    }

    @Test
    void shapesAreDistinctAndSemanticIdsStartAtOne() {
        Set<String> rasters = new HashSet<>();
        for (ShapeKind s : ShapeKind.values()) {
            assertThat(rasters.add(raster(s))).as(s.key()).isTrue();
            assertThat(s.semanticId()).isEqualTo(s.ordinal() + 1);
            assertThat(ShapeKind.of(s.key())).isSameAs(s);
        }
        assertThat(ShapeKind.RING.contains(0, 0)).isFalse();
        assertThat(ShapeKind.CIRCLE.contains(0, 0)).isTrue();
    }

    @Test
    void texturesUseTheColourAndItsContrast() {
        for (Texture t : Texture.values()) {
            Set<Integer> colours = new HashSet<>();
            for (int j = 0; j < 40; j++) {
                for (int i = 0; i < 40; i++) {
                    colours.add(t.colourAt(Colour.RED, -1 + i / 20.0, -1 + j / 20.0));
                }
            }
            if (t == Texture.SOLID) {
                assertThat(colours).containsExactly(Colour.RED.rgb);
            } else if (t == Texture.GRADIENT) {
                assertThat(colours).contains(Colour.RED.rgb).hasSizeGreaterThan(10);
            } else {
                assertThat(colours).containsExactlyInAnyOrder(Colour.RED.rgb, Colour.RED.contrast());
            }
        }
        assertThat(Colour.WHITE.contrast()).isNotEqualTo(Colour.WHITE.rgb);
        assertThat(Colour.BLACK.contrast()).isNotEqualTo(Colour.BLACK.rgb);
    }
}
