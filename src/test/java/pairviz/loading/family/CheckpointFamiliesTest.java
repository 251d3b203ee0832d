package pairviz.loading.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;
import pairviz.testutil.Fixtures;

/** The registry of checkpoint families: its order, which family claims what, and what it says of the rest. */
class CheckpointFamiliesTest {
    static final CheckpointSource AUTO = CheckpointSource.inMemory("w", ModelOptions.auto().withHeads(4));

    @Test
    void noFamilyIsHiddenBehindAnEarlierOne() {
        // first match wins: a later family whose signature holds all of an earlier one's could never claim anything
        List<CheckpointFamily> all = CheckpointFamilies.all();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                assertThat(new HashSet<>(all.get(j).signature()).containsAll(all.get(i).signature()))
                        .as("%s comes after %s, whose signature it holds", all.get(j).id(), all.get(i).id()).isFalse();
            }
        }
        assertThat(all).allSatisfy(f -> assertThat(f.signature()).isNotEmpty());
        assertThat(all.stream().map(CheckpointFamily::id).distinct().count()).as("ids are unique").isEqualTo(all.size());
        assertThat(all).as("a TorchScript archive is recognised by its format, not in the registry")
                .noneMatch(f -> f.id().equals(TorchScript.INSTANCE.id()));
    }

    @Test
    void theFamiliesThatWereFirstKeepTheirOrder() {
        List<String> ids = CheckpointFamilies.all().stream().map(CheckpointFamily::id).toList();
        assertThat(ids).containsSubsequence("authors-vit", "bit-resnetv2", "timm-vit", "timm-resnetv2");
    }

    @Test
    void eachFamilyClaimsItsOwnCheckpoints() {
        StateDict vit = Checkpoints.read(Fixtures.fixture("vit_tiny.safetensors"));
        StateDict resnet = Checkpoints.read(Fixtures.fixture("resnet_tiny.pth"));
        assertThat(CheckpointFamilies.read(vit, AUTO).family().id()).isEqualTo("authors-vit");
        assertThat(CheckpointFamilies.read(resnet, AUTO).family().id()).isEqualTo("bit-resnetv2");
        assertThat(CheckpointFamilies.read(TimmVitTest.toTimm(vit), AUTO).family().id()).isEqualTo("timm-vit");
        // the same sizes; timm's network keeps every token through the encoder and pools the class token
        assertThat(CheckpointFamilies.read(TimmVitTest.toTimm(vit), AUTO).config())
                .isEqualTo(((VitConfig) CheckpointFamilies.read(vit, AUTO).config())
                        .withPooling(VitConfig.Pooling.CLS).withVariant(VitConfig.Variant.STANDARD));
    }

    @Test
    void aPresetOfTheSameKindReplacesTheInferredArchitectureAndOneOfAnotherIsRefused() {
        StateDict resnet = Checkpoints.read(Fixtures.fixture("resnet_tiny.pth"));
        CheckpointSource b16 = CheckpointSource.inMemory("r.pth", ModelOptions.builder().optModel("vit-b16").build());
        BadParameterException e = assertThrows(BadParameterException.class, () -> CheckpointFamilies.read(resnet, b16));
        assertThat(e.getMessage()).isEqualTo("checkpoint r.pth holds a BiT ResNet-v2, not the ViT that model vit-b16 asks for");
        assertThat(e.parameters()).containsExactly("model");
        CheckpointSource r50 = CheckpointSource.inMemory("r.pth", ModelOptions.builder().optModel("resnet-50").build());
        assertThat(CheckpointFamilies.read(resnet, r50).config().describe()).contains("units [3, 4, 6, 3]");
    }

    @Test
    void anEmptyOrUnrelatedStateDictResemblesNone() {
        for (StateDict w : List.of(StateDict.of(Map.of()),
                StateDict.of(Map.of("decoder.weight", Tensor.of(new float[4], 2, 2))))) {
            PairvizException e = assertThrows(PairvizException.class, () -> CheckpointFamilies.read(w, AUTO));
            assertThat(e.getMessage()).contains("checkpoint w is of no family pairviz reads", "authors-vit", "timm-resnetv2",
                    "any network exported to TorchScript").doesNotContain("resembles");
        }
    }

    @Test
    void aPartialCheckpointResemblesTheNearestFamilyAndSaysWhatItLacks() {
        StateDict w = StateDict.of(Map.of("stem.conv.weight.extra", Tensor.of(new float[1], 1),
                "patch_embed.proj.weight", Tensor.of(new float[1], 1), "pos_embed", Tensor.of(new float[1], 1)));
        PairvizException e = assertThrows(PairvizException.class, () -> CheckpointFamilies.read(w, AUTO));
        // it lacks only what it does not hold
        assertThat(e.getMessage()).endsWith("resembles timm VisionTransformer (vit_*, deit_*, vit_*_dinov2*) but lacks blocks.0.attn.qkv.weight");
    }

    @Test
    void theTorchScriptFamilyReadsNoStateDict() {
        assertThat(TorchScript.INSTANCE.id()).isEqualTo("torchscript");
        assertThat(TorchScript.INSTANCE).as("a family of whole networks, not of state dicts: nothing to match, nothing that throws")
                .isInstanceOf(ModelFamily.class).isNotInstanceOf(CheckpointFamily.class);
    }
}
