package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;

class ClassBalancedSamplerTest {

    /** 10 classes; class c has c + 2 images (so classes 0 and 1 have fewer than K = 4). */
    private static int[] classOf() {
        return java.util.stream.IntStream.range(0, 10)
                .flatMap(c -> java.util.stream.IntStream.range(0, c + 2).map(i -> c))
                .toArray();
    }

    @Test
    void batchesHavePDistinctClassesOfKImagesEach() {
        int[] classOf = classOf();
        ClassBalancedSampler sampler = new ClassBalancedSampler(classOf, 5, 4, 7);
        assertThat(sampler.batchSize()).isEqualTo(20);
        for (int t = 0; t < 200; t++) {
            ClassBalancedSampler.Batch b = sampler.batch(t);
            assertThat(b.samples()).hasSize(20);
            Set<Integer> classes = new HashSet<>();
            for (int p = 0; p < 5; p++) {
                int c = b.classes()[p * 4];
                assertThat(classes.add(c)).as("class %d twice in batch %d", c, t).isTrue();
                Set<Integer> images = new HashSet<>();
                for (int k = 0; k < 4; k++) {
                    int i = b.samples()[p * 4 + k];
                    assertThat(b.classes()[p * 4 + k]).isEqualTo(c);
                    assertThat(classOf[i]).as("image %d is of class %d", i, c).isEqualTo(c);
                    images.add(i);
                }
                if (c + 2 >= 4) {
                    assertThat(images).as("class with >= K images drawn without replacement").hasSize(4);
                }
            }
        }
    }

    @Test
    void everyClassAndImageIsDrawnEventually() {
        int[] classOf = classOf();
        ClassBalancedSampler sampler = new ClassBalancedSampler(classOf, 3, 2, 1);
        Set<Integer> seen = new HashSet<>();
        for (int t = 0; t < 500; t++) {
            Arrays.stream(sampler.batch(t).samples()).forEach(seen::add);
        }
        assertThat(seen).hasSize(classOf.length);
    }

    @Test
    void aBatchDependsOnlyOnSeedAndIteration() {
        int[] classOf = classOf();
        ClassBalancedSampler a = new ClassBalancedSampler(classOf, 4, 3, 42);
        ClassBalancedSampler b = new ClassBalancedSampler(classOf, 4, 3, 42);
        b.batch(0);
        b.batch(5); // drawing other batches first changes nothing
        assertThat(b.batch(3).samples()).isEqualTo(a.batch(3).samples());
        assertThat(a.batch(3).samples()).isNotEqualTo(a.batch(4).samples());
        assertThat(new ClassBalancedSampler(classOf, 4, 3, 43).batch(3).samples()).isNotEqualTo(a.batch(3).samples());
    }

    @Test
    void refusesMoreClassesPerBatchThanThereAre() {
        assertThatThrownBy(() -> new ClassBalancedSampler(classOf(), 11, 2, 0))
                .isInstanceOf(PairvizException.class)
                .hasMessage("batch classes must be between 1 and the 10 training classes, not 11");
        assertThatThrownBy(() -> new ClassBalancedSampler(classOf(), 2, 0, 0))
                .isInstanceOf(PairvizException.class)
                .hasMessage("batch per class must be at least 1, not 0");
    }
}
