package pairviz.model.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;
import pairviz.PairvizException;
import pairviz.model.graph.Constant;
import pairviz.model.graph.Graph;
import pairviz.model.graph.GraphNode;

/**
 * Reads an ONNX model ({@code ModelProto}, ONNX's official schema compiled by protoc at build time)
 * into a format-neutral {@link Graph}: the nodes in the file's (topological) order, the
 * initializers and the values of {@code Constant} nodes as constants, the one image input with its
 * declared NCHW shape, and the declared outputs.
 *
 * <p>Naming: a node is named after its first output, its further outputs are {@code name:1},
 * {@code name:2}, ... ({@link GraphNode}'s convention); inputs are renamed to match. An omitted
 * optional input keeps the empty name {@code ""}. Operations outside the default domain are named
 * {@code domain.Op}; a {@code Softmax}, {@code LogSoftmax} or {@code Hardmax} of an operator set
 * before 13 (which flattens to 2-D around its axis) is named {@code Softmax-1} (ONNX's name for
 * that version), so that the table of operations can tell the two meanings apart.
 */
public final class OnnxReader {
    /** The format's name in messages and in {@link Graph#format()}. */
    public static final String FORMAT = "ONNX";

    private OnnxReader() {}

    /**
     * Whether {@code file} looks like an ONNX model: named {@code .onnx}, or starting as a
     * serialised {@code ModelProto} does (its IR version, field 1, followed by another of its fields).
     */
    public static boolean isOnnx(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            head = new byte[0];
        }
        return isOnnx(file.getFileName().toString(), head);
    }

    /**
     * {@link #isOnnx(Path)} for a file called {@code name} whose first bytes are {@code head} (as the
     * loader's probe read them), without opening it again.
     */
    public static boolean isOnnx(String name, byte[] head) {
        if (name.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            return true;
        }
        if (head.length < 4) {
            return false;
        }
        // 0x08: field 1 (ir_version) as a varint; versions 1..12 fit one byte; then the tag of
        // producer_name (0x12), producer_version (0x1a), domain (0x22), model_version (0x28),
        // doc_string (0x32), graph (0x3a) or opset_import (0x42)
        int next = head[2] & 0xff;
        return head[0] == 0x08 && head[1] >= 1 && head[1] <= 15
                && (next == 0x12 || next == 0x1a || next == 0x22 || next == 0x28 || next == 0x32 || next == 0x3a || next == 0x42);
    }

    /**
     * Reads an ONNX model.
     *
     * @throws PairvizException (one line) if the file is not a whole ONNX model (truncated,
     *     corrupt), has no graph, no or several image inputs, a node reading a value nothing
     *     defines, or a tensor pairviz cannot decode
     */
    public static Graph read(Path file) {
        return read(file, p -> { });
    }

    /**
     * Reads an ONNX model as {@link #read(Path)} does, telling {@code used} of every external data
     * file it reads (the loader records them, so that they travel with the model).
     */
    public static Graph read(Path file, java.util.function.Consumer<Path> used) {
        String name = file.getFileName().toString();
        ModelProto model;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new PairvizException("ONNX model " + name + " is larger than 2 GB, which ONNX keeps in external data "
                        + "files; save it with save_as_external_data=True");
            }
            // mapped, and the tensors' bytes aliased rather than copied: a large model is held once, not twice
            CodedInputStream coded = CodedInputStream.newInstance(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            coded.enableAliasing(true);
            coded.setRecursionLimit(1000);
            model = ModelProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new PairvizException("ONNX model " + name + " is truncated or corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new PairvizException("cannot read ONNX model " + name + ": " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0 || model.getOpsetImportCount() == 0) {
            throw new PairvizException("ONNX model " + name + " is truncated or corrupt: it has "
                    + (!model.hasGraph() || model.getGraph().getNodeCount() == 0 ? "no graph" : "no operator set"));
        }
        Path dir = file.toAbsolutePath().getParent();
        return new Builder(name, dir, opset(model), used).build(model.getGraph());
    }

    /** The version of the default operator set ({@code ai.onnx}) the model imports. */
    private static long opset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        return 0;
    }

    /** One conversion of a graph. */
    private static final class Builder {
        private final String file;
        private final Path dir;
        private final java.util.function.Consumer<Path> used;
        private final long opset;
        private final Map<String, Constant> constants = new LinkedHashMap<>();
        private final Map<String, String> renamed = new HashMap<>(); // ONNX value name -> GraphNode output name
        private final Set<String> defined = new HashSet<>();
        private final List<GraphNode> nodes = new ArrayList<>();

        Builder(String file, Path dir, long opset, java.util.function.Consumer<Path> used) {
            this.file = file;
            this.dir = dir;
            this.used = used;
            this.opset = opset;
        }

        Graph build(GraphProto g) {
            if (g.getSparseInitializerCount() > 0) {
                throw refuse("has sparse initializers, which pairviz does not read");
            }
            for (TensorProto t : g.getInitializerList()) {
                constants.put(t.getName(), OnnxTensors.decode(t, dir, used, "initializer '" + t.getName() + "' of " + file));
                defined.add(t.getName());
            }
            List<ValueInfoProto> images = g.getInputList().stream().filter(v -> !constants.containsKey(v.getName())).toList();
            if (images.size() != 1) {
                throw refuse("has " + images.size() + " inputs besides its weights ("
                        + String.join(", ", images.stream().map(ValueInfoProto::getName).toList())
                        + "); pairviz runs networks of one image input");
            }
            ValueInfoProto input = images.get(0);
            defined.add(input.getName());
            for (NodeProto n : g.getNodeList()) {
                add(n);
            }
            List<String> outputs = new ArrayList<>();
            for (ValueInfoProto o : g.getOutputList()) {
                outputs.add(use(o.getName(), "the graph's output"));
            }
            return new Graph(FORMAT, input.getName(), shape(input), nodes, constants, outputs);
        }

        private void add(NodeProto n) {
            String where = "node " + (n.getName().isEmpty() ? "" : "'" + n.getName() + "' ") + "(" + n.getOpType() + ")";
            if (n.getOutputCount() == 0 || n.getOutput(0).isEmpty()) {
                throw refuse(where + " has no first output");
            }
            String self = n.getOutput(0);
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (AttributeProto a : n.getAttributeList()) {
                attributes.put(a.getName(), attribute(a, where));
            }
            if (isDefaultDomain(n.getDomain()) && n.getOpType().equals("Constant")) {
                constants.put(self, constantValue(attributes, where));
                defined.add(self);
                return;
            }
            List<String> inputs = new ArrayList<>();
            for (String in : n.getInputList()) {
                inputs.add(in.isEmpty() ? "" : use(in, where));
            }
            while (!inputs.isEmpty() && inputs.get(inputs.size() - 1).isEmpty()) {
                inputs.remove(inputs.size() - 1);
            }
            for (int i = 0; i < n.getOutputCount(); i++) {
                String out = n.getOutput(i);
                if (out.isEmpty()) {
                    continue;
                }
                if (!defined.add(out)) {
                    throw refuse(where + " writes '" + out + "', which another node or weight already defines");
                }
                if (i > 0) {
                    renamed.put(out, self + ":" + i);
                }
            }
            nodes.add(new GraphNode(self, opName(n), inputs, attributes));
        }

        /** The operation's name in the table: the default domain's by its own name, others prefixed. */
        private String opName(NodeProto n) {
            String op = n.getOpType();
            if (!isDefaultDomain(n.getDomain())) {
                return n.getDomain() + "." + op;
            }
            if (opset < 13 && (op.equals("Softmax") || op.equals("LogSoftmax") || op.equals("Hardmax"))) {
                return op + "-1";
            }
            return op;
        }

        private static boolean isDefaultDomain(String domain) {
            return domain.isEmpty() || domain.equals("ai.onnx");
        }

        /** The name a node reads {@code value} under; refuses a value nothing defined before. */
        private String use(String value, String where) {
            if (!defined.contains(value)) {
                throw refuse(where + " reads '" + value + "', which no earlier node, weight or input defines");
            }
            return renamed.getOrDefault(value, value);
        }

        private Object attribute(AttributeProto a, String where) {
            String what = "attribute '" + a.getName() + "' of " + where + " in " + file;
            return switch (a.getType()) {
                case FLOAT -> (double) a.getF();
                case INT -> a.getI();
                case STRING -> a.getS().toStringUtf8();
                case TENSOR -> OnnxTensors.decode(a.getT(), dir, used, what);
                case FLOATS -> a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
                case INTS -> a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                case STRINGS -> a.getStringsList().stream().map(s -> s.toStringUtf8()).toArray(String[]::new);
                default -> throw new PairvizException(what + " is a " + a.getType()
                        + ", which pairviz does not read (control flow and sparse tensors are not supported)");
            };
        }

        /** The value of a {@code Constant} node, whichever of its attributes holds it. */
        private Constant constantValue(Map<String, Object> attributes, String where) {
            if (attributes.size() != 1) {
                throw refuse(where + " has " + attributes.size() + " attributes; a Constant has one value");
            }
            Map.Entry<String, Object> e = attributes.entrySet().iterator().next();
            Object v = e.getValue();
            return switch (e.getKey()) {
                case "value" -> (Constant) v;
                case "value_float" -> new Constant(new long[0], new float[] {(float) (double) (Double) v}, null);
                case "value_int" -> new Constant(new long[0], null, new long[] {(Long) v});
                case "value_floats" -> {
                    double[] d = (double[]) v;
                    float[] f = new float[d.length];
                    for (int i = 0; i < d.length; i++) {
                        f[i] = (float) d[i];
                    }
                    yield new Constant(new long[] {f.length}, f, null);
                }
                case "value_ints" -> new Constant(new long[] {((long[]) v).length}, null, (long[]) v);
                default -> throw refuse(where + " holds its value as " + e.getKey() + ", which pairviz does not read");
            };
        }

        /** The declared shape, -1 for a free (symbolic or missing) dimension. */
        private long[] shape(ValueInfoProto v) {
            if (!v.getType().hasTensorType()) {
                throw refuse("input '" + v.getName() + "' is not a tensor");
            }
            TensorShapeProto s = v.getType().getTensorType().getShape();
            return s.getDimList().stream().mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1).toArray();
        }

        private PairvizException refuse(String what) {
            return new PairvizException("ONNX model " + file + " " + what);
        }
    }
}
