package pairviz.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorProto.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.model.graph.Constant;
import pairviz.model.graph.Graph;
import pairviz.model.graph.GraphNode;

/** ONNX files into graphs: the fixtures torch exported, every way a tensor is stored, and broken files. */
class OnnxReaderTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/onnx");

    @TempDir
    Path tmp;

    @Test
    void readsTorchvisionResNetExport() {
        Graph g = OnnxReader.read(DIR.resolve("resnet_basic.onnx"));
        assertThat(g.format()).isEqualTo("ONNX");
        assertThat(g.input()).isEqualTo("image");
        assertThat(g.inputShape()).containsExactly(-1, 3, 96, 96);
        assertThat(g.outputs()).containsExactly("embedding");
        assertThat(ops(g)).containsExactlyInAnyOrder("Conv", "Relu", "MaxPool", "Add", "GlobalAveragePool", "Flatten", "Gemm");
        Constant fc = g.constants().get("fc.weight");
        assertThat(fc.shape()).containsExactly(12, 32); // basic: planes 4 x 8, head 12
        assertThat(fc.integer()).isFalse();
        GraphNode last = g.nodes().get(g.nodes().size() - 1);
        assertThat(last.name()).isEqualTo("embedding");
        assertThat(last.inputs()).containsExactly("/Flatten_output_0", "fc.weight", "fc.bias");
        assertThat(last.attributes()).containsEntry("transB", 1L).containsEntry("alpha", 1.0);
        GraphNode conv = g.nodes().get(0);
        assertThat((long[]) conv.attributes().get("kernel_shape")).containsExactly(7, 7);
    }

    @Test
    void constantNodesBecomeConstantsAndEveryInputIsDefined() {
        for (String f : new String[] {"vit_tiny_op13.onnx", "vit_tiny_op17.onnx", "resnet_bottleneck.onnx"}) {
            Graph g = OnnxReader.read(DIR.resolve(f));
            assertThat(ops(g)).doesNotContain("Constant");
            Set<String> known = new java.util.HashSet<>(g.constants().keySet());
            known.add(g.input());
            for (GraphNode n : g.nodes()) {
                assertThat(known).as(f + " " + n.name()).containsAll(n.inputs().stream().filter(s -> !s.isEmpty()).toList());
                known.add(n.name());
            }
        }
        Graph g = OnnxReader.read(DIR.resolve("vit_tiny_op17.onnx"));
        assertThat(ops(g)).contains("LayerNormalization", "Softmax", "MatMul", "Gather", "Expand", "Where");
        Constant index = g.constants().get("/Constant_output_0"); // x[:, 0], a 0-d int64 Constant node
        assertThat(index.integer()).isTrue();
        assertThat(index.shape()).isEmpty();
        assertThat(index.longs()).containsExactly(0);
        assertThat(g.constants().get("class_token").shape()).containsExactly(1, 1, 32);
    }

    @Test
    void externalDataIsReadFromBesideTheModel() {
        Graph inline = OnnxReader.read(DIR.resolve("resnet_basic.onnx"));
        Graph external = OnnxReader.read(DIR.resolve("resnet_basic_external.onnx"));
        assertThat(external.constants().keySet()).isEqualTo(inline.constants().keySet());
        inline.constants().forEach((name, c) -> {
            Constant e = external.constants().get(name);
            assertThat(e.shape()).as(name).containsExactly(c.shape());
            if (c.integer()) {
                assertThat(e.longs()).as(name).containsExactly(c.longs());
            } else {
                assertThat(e.floats()).as(name).containsExactly(c.floats());
            }
        });
    }

    @Test
    void externalDataMissingOrOutsideTheFolderIsRefused() throws IOException {
        Path model = tmp.resolve("m.onnx");
        Files.copy(DIR.resolve("resnet_basic_external.onnx"), model);
        assertThatThrownBy(() -> OnnxReader.read(model)).isInstanceOf(PairvizException.class)
                .hasMessageContaining("resnet_basic_external.onnx.data, which is not beside the model");
        TensorProto outside = TensorProto.newBuilder().setName("w").setDataType(DataType.FLOAT_VALUE).addDims(1)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("../secret.bin")).build();
        assertThatThrownBy(() -> OnnxTensors.decode(outside, tmp, p -> { }, "w")).isInstanceOf(PairvizException.class)
                .hasMessageContaining("outside the model's folder");
    }

    @Test
    void decodesEveryStorageOfATensor() throws IOException {
        // float16 1.5 = 0x3e00, -2 = 0xc000; bfloat16 1.5 = 0x3fc0
        assertThat(decode(tensor(DataType.FLOAT16).addInt32Data(0x3e00).addInt32Data(0xc000)).floats()).containsExactly(1.5f, -2f);
        assertThat(decode(tensor(DataType.FLOAT16).setRawData(raw(2, b -> b.putShort((short) 0x3e00).putShort((short) 0xc000)))).floats())
                .containsExactly(1.5f, -2f);
        assertThat(decode(tensor(DataType.BFLOAT16).addInt32Data(0x3fc0).addInt32Data(0x3fc0)).floats()).containsExactly(1.5f, 1.5f);
        assertThat(decode(tensor(DataType.FLOAT).addFloatData(0.25f).addFloatData(-3f)).floats()).containsExactly(0.25f, -3f);
        assertThat(decode(tensor(DataType.DOUBLE).addDoubleData(0.5).addDoubleData(7)).floats()).containsExactly(0.5f, 7f);
        assertThat(decode(tensor(DataType.INT64).addInt64Data(-1).addInt64Data(1L << 40)).longs()).containsExactly(-1, 1L << 40);
        assertThat(decode(tensor(DataType.INT64).setRawData(raw(8, b -> b.putLong(-1).putLong(5)))).longs()).containsExactly(-1, 5);
        assertThat(decode(tensor(DataType.INT32).addInt32Data(-7).addInt32Data(9)).longs()).containsExactly(-7, 9);
        assertThat(decode(tensor(DataType.INT32).setRawData(raw(4, b -> b.putInt(-7).putInt(9)))).longs()).containsExactly(-7, 9);
        assertThat(decode(tensor(DataType.UINT8).setRawData(raw(1, b -> b.put((byte) 200).put((byte) 3)))).longs()).containsExactly(200, 3);
        assertThat(decode(tensor(DataType.BOOL).addInt32Data(1).addInt32Data(0)).longs()).containsExactly(1, 0);
        // external data at an offset
        Files.write(tmp.resolve("w.bin"), new byte[] {9, 9, 9, 0, 0, (byte) 0xc0, 0x3f, 0, 0, 0, 0x40});
        TensorProto ext = tensor(DataType.FLOAT).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", "w.bin")).addExternalData(entry("offset", "3"))
                .addExternalData(entry("length", "8")).build();
        assertThat(OnnxTensors.decode(ext, tmp, p -> { }, "w").floats()).containsExactly(1.5f, 2f);
    }

    @Test
    void refusesTensorsItCannotComputeWithOrThatDoNotFitTheirShape() {
        assertThatThrownBy(() -> decode(tensor(DataType.STRING))).isInstanceOf(PairvizException.class)
                .hasMessageContaining("STRING");
        assertThatThrownBy(() -> decode(tensor(DataType.FLOAT).addFloatData(1f))).isInstanceOf(PairvizException.class)
                .hasMessageContaining("holds 1 values where its shape [2] takes 2");
        assertThatThrownBy(() -> decode(tensor(DataType.FLOAT).setRawData(ByteString.copyFrom(new byte[5]))))
                .isInstanceOf(PairvizException.class).hasMessageContaining("holds 5 bytes");
    }

    @Test
    void truncatedOrCorruptFilesAreRefusedInOneLine() throws IOException {
        byte[] whole = Files.readAllBytes(DIR.resolve("vit_tiny_op17.onnx"));
        for (int cut : new int[] {whole.length / 2, whole.length - 1, 40, 3}) {
            Path f = tmp.resolve("cut" + cut + ".onnx");
            Files.write(f, Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> OnnxReader.read(f)).as("cut at " + cut).isInstanceOf(PairvizException.class)
                    .hasMessageStartingWith("ONNX model cut" + cut + ".onnx is truncated or corrupt")
                    .extracting(Throwable::getMessage).asString().doesNotContain("\n");
        }
        Path garbage = tmp.resolve("garbage.onnx");
        Files.writeString(garbage, "this is not a model at all, just some text that goes on");
        assertThatThrownBy(() -> OnnxReader.read(garbage)).isInstanceOf(PairvizException.class)
                .hasMessageStartingWith("ONNX model garbage.onnx is truncated or corrupt");
    }

    @Test
    void recognisesOnnxByItsContent() throws IOException {
        Path renamed = tmp.resolve("model.bin");
        Files.copy(DIR.resolve("resnet_basic.onnx"), renamed);
        assertThat(OnnxReader.isOnnx(renamed)).isTrue();
        assertThat(OnnxReader.isOnnx(Path.of("src/test/resources/fixtures/vit_tiny.pth"))).isFalse();
        assertThat(OnnxReader.isOnnx(Path.of("src/test/resources/fixtures/vit_tiny.safetensors"))).isFalse();
        assertThat(OnnxReader.isOnnx(Path.of("src/test/resources/fixtures/script_cnn.pt"))).isFalse();
    }

    private static Set<String> ops(Graph g) {
        return g.nodes().stream().map(GraphNode::op).collect(Collectors.toSet());
    }

    private static TensorProto.Builder tensor(DataType type) {
        return TensorProto.newBuilder().setName("t").setDataType(type.getNumber()).addDims(2);
    }

    private Constant decode(TensorProto.Builder t) {
        return OnnxTensors.decode(t.build(), tmp, p -> { }, "t");
    }

    private static ByteString raw(int size, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(2 * size).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return ByteString.copyFrom(b.array());
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
