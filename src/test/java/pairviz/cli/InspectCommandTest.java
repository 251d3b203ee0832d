package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;
import pairviz.testutil.Fixtures;

/** {@code pairviz inspect W}: what it says of each family, its JSON, and its answers to bad input. */
class InspectCommandTest {
    @TempDir Path tmp;

    static String fixture(String name) {
        return Fixtures.fixture(name).toString();
    }

    static JsonNode json(String... args) throws IOException {
        String[] all = new String[args.length + 2];
        all[0] = "inspect";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = "--json";
        CliRunner.Result r = CliRunner.run(all);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void theAuthorsViTIsDescribedLineByLine() {
        CliRunner.Result r = CliRunner.run("inspect", fixture("vit_tiny.pth"), "--heads", "4");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("file:         vit_tiny.pth", "family:       authors-vit (",
                "architecture: ViT (patch 8, width 48, depth 3, 4 heads, MLP 96, 24-d output, mean pooling, 32x32 input)",
                "input:        32 x 32", "tokens:       16 on a 4 x 4 grid\n",
                "pooling:      the mean of the grid's 16 tokens is the embedding",
                "attention:    3 layers, tapped inside the forward pass", "embedding:    24-d", "ignored:      nothing");
        // every line is one fact: "name: value"
        assertThat(r.out().lines()).allMatch(l -> l.matches("[a-z]+: +\\S.*"));
    }

    @Test
    void theJsonHasEveryFieldOfTheSummary() throws IOException {
        JsonNode j = json(fixture("vit_tiny.safetensors"), "--heads", "4", "--pooling", "cls");
        assertThat(j.get("file").asText()).isEqualTo("vit_tiny.safetensors");
        assertThat(j.get("family").asText()).isEqualTo("authors-vit");
        assertThat(j.get("kind").asText()).isEqualTo("ViT");
        assertThat(j.get("imageSize").asInt()).isEqualTo(32);
        assertThat(j.get("grid").asInt()).isEqualTo(4);
        assertThat(j.get("pooling").asText()).isEqualTo("class token");
        assertThat(j.get("prefixTokens").asInt()).isEqualTo(1);
        assertThat(j.get("attentionLayers").asInt()).isEqualTo(3);
        assertThat(j.get("attentionTaps").asBoolean()).isTrue();
        assertThat(j.get("embedding").asInt()).isEqualTo(24);
        StateDict weights = Checkpoints.read(Fixtures.fixture("vit_tiny.safetensors"));
        assertThat(j.get("tensors").asInt()).isEqualTo(weights.size());
        assertThat(j.get("parameters").asLong()).isEqualTo(weights.parameterCount());
        assertThat(j.get("ignored").isArray()).isTrue();
        assertThat(j.get("notes").isArray()).isTrue();
        assertThat(j.fieldNames()).toIterable().contains("familyTitle", "architecture");
    }

    @Test
    void theBitResNetHasItsGridAtTheGivenSize() throws IOException {
        JsonNode j = json(fixture("resnet_tiny.pth"), "--size", "64");
        assertThat(j.get("family").asText()).isEqualTo("bit-resnetv2");
        assertThat(j.get("kind").asText()).isEqualTo("BiT ResNet-v2");
        assertThat(j.get("imageSize").asInt()).isEqualTo(64);
        assertThat(j.get("grid").asInt()).isEqualTo(8);
        assertThat(j.get("embedding").asInt()).isEqualTo(16);
        assertThat(j.get("pooling").asText()).isEqualTo("mean");
        assertThat(j.get("attentionLayers").asInt()).isZero();
        CliRunner.Result r = CliRunner.run("inspect", fixture("resnet_tiny.pth"));
        assertThat(r.out()).contains("input:        256 x 256", "tokens:       1024 on a 32 x 32 grid", "attention:    none");
    }

    @Test
    void timmResNetV2NamesAreReadAsTheSameNetwork() throws IOException {
        Path timm = tmp.resolve("resnetv2_tiny.safetensors");
        SafetensorsWriter.write(timm, toTimmResNetV2(Checkpoints.read(Fixtures.fixture("resnet_tiny.pth"))), Map.of());
        JsonNode j = json(timm.toString(), "--size", "64");
        JsonNode bit = json(fixture("resnet_tiny.pth"), "--size", "64");
        assertThat(j.get("family").asText()).isEqualTo("timm-resnetv2");
        assertThat(j.get("architecture")).isEqualTo(bit.get("architecture"));
        assertThat(j.get("parameters")).isEqualTo(bit.get("parameters"));
    }

    @Test
    void aTorchScriptNetworkIsDescribedByWhatItReturns() throws IOException {
        CliRunner.Result r = CliRunner.run("inspect", fixture("script_vit.pt"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("family:       torchscript (any network exported to TorchScript",
                "tokens:       16 on a 4 x 4 grid, 1 more before it", "pooling:      the class token's output is the embedding",
                "attention:    2 layers, returned as outputs: no gradient with respect to them", "embedding:    10-d");
        JsonNode cnn = json(fixture("script_cnn.pt"));
        assertThat(cnn.get("kind").asText()).isEqualTo("TorchScript network");
        assertThat(cnn.get("imageSize").asInt()).as("recorded in pairviz.json").isEqualTo(32);
        assertThat(cnn.get("grid").asInt()).isEqualTo(4);
        assertThat(cnn.get("attentionLayers").asInt()).isZero();
        assertThat(cnn.get("tensors").asInt()).isGreaterThan(10);
        JsonNode bigger = json(fixture("script_cnn.pt"), "--size", "64");
        assertThat(bigger.get("grid").asInt()).isEqualTo(8);
    }

    @Test
    void anUnknownFamilySaysWhichItResemblesAndWhatItLacks() {
        Path partial = tmp.resolve("partial.safetensors");
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("patch_embed.proj.weight", Tensor.of(new float[3 * 4 * 2 * 2], 4, 3, 2, 2));
        w.put("pos_embed", Tensor.of(new float[5 * 4], 1, 5, 4));
        SafetensorsWriter.write(partial, StateDict.of(w), Map.of());
        CliRunner.Result r = CliRunner.run("inspect", partial.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).contains("partial.safetensors is of no family pairviz reads",
                "resembles timm VisionTransformer (vit_*, deit_*, vit_*_dinov2*) but lacks blocks.0.attn.qkv.weight").doesNotContain("\n");
    }

    @Test
    void anUnrelatedStateDictResemblesNone() {
        Path other = tmp.resolve("other.safetensors");
        SafetensorsWriter.write(other, StateDict.of(Map.of("encoder.fc.weight", Tensor.of(new float[6], 2, 3))), Map.of());
        CliRunner.Result r = CliRunner.run("inspect", other.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is of no family pairviz reads", "encoder.fc.weight", "any network exported to TorchScript")
                .doesNotContain("resembles");
    }

    @Test
    void aPresetOfAnotherKindIsRefusedWithTheFlagNamed() {
        CliRunner.Result r = CliRunner.run("inspect", fixture("resnet_tiny.pth"), "--model", "vit-b16");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("holds a BiT ResNet-v2, not the ViT that --model vit-b16 asks for");
        CliRunner.Result s = CliRunner.run("inspect", fixture("script_cnn.pt"), "--model", "resnet-50");
        assertThat(s.exitCode()).isEqualTo(2);
        assertThat(s.err()).contains("holds a TorchScript network, not the BiT ResNet-v2 that --model resnet-50 asks for");
    }

    @Test
    void badFilesExitWithTwoAndOneLine() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.pth"));
        Path text = Files.writeString(tmp.resolve("notes.pth"), "not a checkpoint");
        for (String[] c : new String[][] {{tmp.resolve("missing.pth").toString(), "does not exist"},
                {empty.toString(), "is empty"}, {text.toString(), "is not a checkpoint"},
                {tmp.toString(), "is a directory"}, {fixture("script_flat.pt"), "does not keep pairviz's contract"}}) {
            CliRunner.Result r = CliRunner.run("inspect", c[0]);
            assertThat(r.exitCode()).as(c[0]).isEqualTo(2);
            assertThat(r.err()).as(c[0]).contains(c[1]);
            assertThat(r.problem().lines()).as(c[0]).hasSize(1);
        }
        assertThat(CliRunner.run("inspect").exitCode()).as("no file").isEqualTo(2);
    }

    /** The BiT names of the ResNet fixture renamed the way timm's resnetv2_* names them. */
    static StateDict toTimmResNetV2(StateDict bit) {
        Pattern unit = Pattern.compile("^body\\.block(\\d+)\\.unit(\\d+)\\.(.*)$");
        Map<String, Tensor> out = new LinkedHashMap<>();
        bit.asMap().forEach((name, t) -> {
            Matcher m = unit.matcher(name);
            String n = m.matches()
                    ? "stages." + (Integer.parseInt(m.group(1)) - 1) + ".blocks." + (Integer.parseInt(m.group(2)) - 1) + "."
                            + m.group(3).replaceAll("^gn(\\d)\\.", "norm$1.").replace("downsample.", "downsample.conv.")
                    : name.replace("root.conv.", "stem.conv.").replace("head.gn.", "norm.").replace("head.conv.", "head.fc.");
            out.put(n, t);
        });
        return StateDict.of(out);
    }
}
