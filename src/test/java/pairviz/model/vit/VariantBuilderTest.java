package pairviz.model.vit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link VitConfig.Variant}'s builder: the named presets, edits, and validation in build(). */
class VariantBuilderTest {
    @Test
    void thePresetsAreTheFamiliesKnobs() {
        VitConfig.Variant s = VitConfig.Variant.STANDARD;
        assertThat(s.lnEps()).isEqualTo(1e-6f);
        assertThat(s.patchBias()).isTrue();
        assertThat(s.classToken()).isTrue();
        assertThat(s.distilled() || s.readsDistillation() || s.dropClassToken() || s.preNorm() || s.layerScale()
                || s.fcNorm()).isFalse();
        assertThat(s.registers()).isZero();
        assertThat(s.positionedPrefix()).isEqualTo(1);
        assertThat(s.activation()).isEqualTo(VitConfig.Activation.GELU);
        assertThat(s.preLogits()).isZero();
        assertThat(s.head()).isEqualTo(VitConfig.Head.LINEAR);
        assertThat(VitConfig.Variant.AUTHORS).isEqualTo(s.toBuilder().optDropClassToken(true).build());
        assertThat(VitConfig.Variant.AUTHORS.dropClassToken()).isTrue();
    }

    @Test
    void editsChangeOnlyTheirFields() {
        VitConfig.Variant deit = VitConfig.Variant.STANDARD.withPrefix(true, true, 0, 2).withLnEps(1e-12f);
        assertThat(deit).isEqualTo(VitConfig.Variant.builder().optPrefix(true, true, 0, 2).optLnEps(1e-12f).build());
        assertThat(deit.prefixTokens()).isEqualTo(2);
        assertThat(deit.readsDistillation()).isTrue();
        assertThat(deit.withHead(0, VitConfig.Head.NONE).head()).isEqualTo(VitConfig.Head.NONE);
    }

    @Test
    void buildRefusesKnobsThatDoNotFitTogether() {
        assertThatThrownBy(() -> VitConfig.Variant.builder().optPrefix(false, true, 0, 0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a distillation token needs a class token");
        assertThatThrownBy(() -> VitConfig.Variant.builder().optPrefix(true, false, 0, 2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot cover 2 of 1 prefix tokens");
    }
}
