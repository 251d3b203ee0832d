package pairviz.loading.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/** Blocks per stage from the names, in both ResNet namings, and a missing stage refused. */
class ResNetStagesTest {
    private static final Pattern TORCHVISION = Pattern.compile("^layer(\\d+)\\.");
    private static final Pattern BIT = Pattern.compile("^body\\.block(\\d+)\\.unit\\d+\\.");

    private static StateDict named(String... names) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, Tensor.of(new float[] {0f}, 1));
        }
        return StateDict.of(m);
    }

    @Test
    void countsTheBlocksOfEachStage() {
        StateDict tv = named("conv1.weight", "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.1.conv1.weight",
                "layer2.0.conv1.weight", "layer2.0.downsample.0.weight", "layer2.1.conv1.weight", "layer2.2.conv1.weight");
        assertThat(ResNetStages.blocks(tv, "w.pth", TORCHVISION, s -> "layer" + s, ".")).containsExactly(2, 3);
        StateDict bit = named("root.conv.weight", "body.block1.unit01.conv1.weight", "body.block1.unit02.conv1.weight",
                "body.block1.unit03.gn1.weight", "body.block2.unit01.conv1.weight");
        assertThat(ResNetStages.blocks(bit, "w.npz", BIT, s -> "body.block" + s, ".unit")).containsExactly(3, 1);
    }

    @Test
    void refusesAMissingStageBeforeLaterOnes() {
        StateDict gap = named("layer1.0.conv1.weight", "layer3.0.conv1.weight");
        assertThatThrownBy(() -> ResNetStages.blocks(gap, "w.pth", TORCHVISION, s -> "layer" + s, "."))
                .isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint w.pth has no layer2 although it has later stages");
        StateDict noFirst = named("body.block2.unit01.conv1.weight");
        assertThatThrownBy(() -> ResNetStages.blocks(noFirst, "w.npz", BIT, s -> "body.block" + s, ".unit"))
                .isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint w.npz has no body.block1 although it has later stages");
    }
}
