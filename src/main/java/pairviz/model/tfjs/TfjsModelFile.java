package pairviz.model.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pairviz.PairvizException;
import pairviz.model.graph.Constant;
import pairviz.model.graph.Graph;
import pairviz.model.graph.GraphNode;
import pairviz.util.JsonFiles;

/**
 * A TensorFlow.js graph model ({@code model.json}, as tfjs-converter writes it) read into a
 * {@link Graph}: the nodes of {@code modelTopology.node} (op, inputs, attributes in TensorFlow's
 * AttrValue JSON), each {@code Const} node's values from the weight shards of
 * {@code weightsManifest} (resolved relative to model.json, concatenated in each group's order,
 * decoded and dequantised as tfjs-core does: {@link Dequantisation}), the one
 * {@code Placeholder} as the input, and the outputs of {@code signature} (else the nodes no other
 * node reads).
 */
public final class TfjsModelFile {
    /** The format's name in messages. */
    public static final String FORMAT = "TensorFlow.js";

    private TfjsModelFile() {}

    /**
     * Whether a file that starts with {@code head} (its first bytes, as the loader's probe read them:
     * a few kB) is a TensorFlow.js model: a JSON object with {@code modelTopology} among its first
     * keys (not parsed whole).
     */
    public static boolean looksLike(byte[] head) {
        String s = new String(head, StandardCharsets.UTF_8).stripLeading();
        return s.startsWith("{") && (s.contains("\"modelTopology\"") || s.contains("\"weightsManifest\""));
    }

    /**
     * Reads a graph model and its weights.
     *
     * @throws PairvizException for a file that is not a TensorFlow.js graph model, a missing or
     *     short weight shard, or a weight of a kind TensorFlow.js does not write
     */
    public static Graph read(Path modelJson) {
        return read(modelJson, shard -> modelJson.resolveSibling(shard));
    }

    /**
     * Reads a graph model and its weights, each weight shard where {@code beside} puts it (the
     * loader records every file it reads, so that the shards travel with the model).
     *
     * @param beside the path of a shard named in the weights manifest, relative to the model.json
     */
    public static Graph read(Path modelJson, java.util.function.Function<String, Path> beside) {
        String name = modelJson.getFileName().toString();
        JsonNode root;
        try {
            root = JsonFiles.MAPPER.readTree(modelJson.toFile());
        } catch (IOException e) {
            throw new PairvizException(name + " is not readable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        String format = root.path("format").asText("graph-model");
        JsonNode topology = root.path("modelTopology");
        if (format.equals("layers-model") || topology.has("model_config") || topology.has("class_name")) {
            throw new PairvizException(name + " is a TensorFlow.js layers model (Keras); pairviz reads graph models "
                    + "(tensorflowjs_converter's output format tfjs_graph_model)");
        }
        if (!topology.path("node").isArray()) {
            throw new PairvizException(name + " has no modelTopology.node: not a TensorFlow.js graph model");
        }
        Map<String, Constant> weights = weights(root.path("weightsManifest"), beside, name);
        List<GraphNode> nodes = new ArrayList<>();
        Map<String, Constant> constants = new LinkedHashMap<>();
        List<String> placeholders = new ArrayList<>();
        Map<String, long[]> inputShapes = new HashMap<>();
        for (JsonNode n : topology.path("node")) {
            String node = n.path("name").asText();
            String op = n.path("op").asText();
            if (op.equals("Const")) {
                Constant c = weights.get(node);
                if (c == null) {
                    c = inline(n.path("attr").path("value").path("tensor"));
                }
                if (c == null) {
                    throw new PairvizException(name + ": constant " + node + " has no values in its weightsManifest");
                }
                constants.put(node, c);
            } else if (op.equals("Placeholder")) {
                placeholders.add(node);
                inputShapes.put(node, dims(n.path("attr").path("shape").path("shape")));
            } else {
                List<String> inputs = new ArrayList<>();
                for (JsonNode i : n.path("input")) {
                    String in = i.asText();
                    if (!in.startsWith("^")) { // a control dependency carries no value
                        inputs.add(in.endsWith(":0") ? in.substring(0, in.length() - 2) : in);
                    }
                }
                nodes.add(new GraphNode(node, op, inputs, attributes(n.path("attr"))));
            }
        }
        if (placeholders.size() != 1) {
            throw new PairvizException(name + ": a graph of " + placeholders.size() + " inputs "
                    + placeholders + "; pairviz feeds one image input");
        }
        String input = placeholders.get(0);
        List<String> outputs = outputs(root, nodes);
        return new Graph(FORMAT, input, inputShapes.get(input), sorted(nodes, name), constants, outputs);
    }

    /** The signature's outputs (name:0 as name), else the nodes whose outputs no node reads. */
    private static List<String> outputs(JsonNode root, List<GraphNode> nodes) {
        JsonNode sig = root.path("signature").path("outputs");
        if (!sig.isObject() || sig.isEmpty()) {
            sig = root.path("userDefinedMetadata").path("signature").path("outputs");
        }
        List<String> out = new ArrayList<>();
        if (sig.isObject() && !sig.isEmpty()) {
            sig.fields().forEachRemaining(e -> {
                String n = e.getValue().path("name").asText(e.getKey());
                out.add(n.endsWith(":0") ? n.substring(0, n.length() - 2) : n);
            });
            return out;
        }
        Set<String> read = new HashSet<>();
        nodes.forEach(n -> n.inputs().forEach(i -> read.add(i.contains(":") ? i.substring(0, i.lastIndexOf(':')) : i)));
        nodes.stream().map(GraphNode::name).filter(n -> !read.contains(n)).forEach(out::add);
        return out;
    }

    /** The nodes in an order where each comes after the nodes it reads (the file's order where it allows). */
    private static List<GraphNode> sorted(List<GraphNode> nodes, String name) {
        Map<String, GraphNode> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        List<GraphNode> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> open = new HashSet<>();
        for (GraphNode start : nodes) {
            Deque<GraphNode> stack = new ArrayDeque<>();
            if (!done.contains(start.name())) {
                stack.push(start);
            }
            while (!stack.isEmpty()) {
                GraphNode n = stack.peek();
                if (done.contains(n.name())) {
                    stack.pop();
                    continue;
                }
                open.add(n.name());
                boolean ready = true;
                for (String in : n.inputs()) {
                    GraphNode dep = byName.get(in.contains(":") && !byName.containsKey(in)
                            ? in.substring(0, in.lastIndexOf(':')) : in);
                    if (dep != null && !done.contains(dep.name())) {
                        if (open.contains(dep.name())) {
                            throw new PairvizException(name + ": the graph has a cycle through " + dep.name()
                                    + " (control flow is not supported)");
                        }
                        stack.push(dep);
                        ready = false;
                        break;
                    }
                }
                if (ready) {
                    stack.pop();
                    open.remove(n.name());
                    done.add(n.name());
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** A node's attributes from TensorFlow's AttrValue JSON, in {@link GraphNode}'s types. */
    private static Map<String, Object> attributes(JsonNode attr) {
        Map<String, Object> out = new LinkedHashMap<>();
        attr.fields().forEachRemaining(e -> {
            Object v = attribute(e.getValue());
            if (v != null) {
                out.put(e.getKey(), v);
            }
        });
        return out;
    }

    private static Object attribute(JsonNode v) {
        if (v.has("s")) {
            return decode(v.get("s").asText());
        }
        if (v.has("i")) {
            return Long.parseLong(v.get("i").asText());
        }
        if (v.has("f")) {
            return v.get("f").asDouble();
        }
        if (v.has("b")) {
            return v.get("b").asBoolean();
        }
        if (v.has("type")) {
            return v.get("type").asText();
        }
        if (v.has("shape")) {
            return dims(v.get("shape"));
        }
        if (v.has("list")) {
            JsonNode l = v.get("list");
            if (l.has("s")) {
                List<String> s = new ArrayList<>();
                l.get("s").forEach(x -> s.add(decode(x.asText())));
                return s.toArray(String[]::new);
            }
            if (l.has("f")) {
                double[] f = new double[l.get("f").size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = l.get("f").get(i).asDouble();
                }
                return f;
            }
            if (l.has("type")) {
                List<String> s = new ArrayList<>();
                l.get("type").forEach(x -> s.add(x.asText()));
                return s.toArray(String[]::new);
            }
            JsonNode ints = l.path("i");
            long[] i = new long[ints.size()];
            for (int k = 0; k < i.length; k++) {
                i[k] = Long.parseLong(ints.get(k).asText());
            }
            return i;
        }
        return null; // a tensor (a Const's value) or a function: nothing an operation here reads
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** A TensorShapeProto's sizes ({@code -1} free; none for an unknown rank). */
    private static long[] dims(JsonNode shape) {
        JsonNode dim = shape.path("dim");
        long[] out = new long[dim.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dim.get(i).has("size") ? Long.parseLong(dim.get(i).get("size").asText()) : 1;
        }
        return out;
    }

    /** A small constant written into the node itself (floatVal / intVal), or null. */
    private static Constant inline(JsonNode tensor) {
        if (tensor.isMissingNode()) {
            return null;
        }
        long[] shape = dims(tensor.path("tensorShape"));
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (tensor.has("floatVal")) {
            float[] f = new float[(int) n];
            JsonNode v = tensor.get("floatVal");
            for (int i = 0; i < n; i++) {
                f[i] = (float) v.get(Math.min(i, v.size() - 1)).asDouble(); // TensorFlow repeats the last value
            }
            return new Constant(shape, f, null);
        }
        if (tensor.has("intVal")) {
            long[] l = new long[(int) n];
            JsonNode v = tensor.get("intVal");
            for (int i = 0; i < n; i++) {
                l[i] = v.get(Math.min(i, v.size() - 1)).asLong();
            }
            return new Constant(shape, null, l);
        }
        return null;
    }

    /** Every weight of the manifest, decoded. */
    private static Map<String, Constant> weights(JsonNode manifest, java.util.function.Function<String, Path> beside, String name) {
        Map<String, Constant> out = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            List<byte[]> shards = new ArrayList<>();
            int total = 0;
            for (JsonNode p : group.path("paths")) {
                Path shard = beside.apply(p.asText());
                try {
                    byte[] b = Files.readAllBytes(shard);
                    shards.add(b);
                    total += b.length;
                } catch (IOException e) {
                    throw new PairvizException(name + ": its weight shard " + p.asText() + " cannot be read beside it ("
                            + shard + ")", e);
                }
            }
            byte[] all = new byte[total];
            int at = 0;
            for (byte[] b : shards) {
                System.arraycopy(b, 0, all, at, b.length);
                at += b.length;
            }
            int offset = 0;
            for (JsonNode w : group.path("weights")) {
                String weight = w.path("name").asText();
                long[] shape = new long[w.path("shape").size()];
                long n = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asLong();
                    n *= shape[i];
                }
                String dtype = w.path("dtype").asText();
                JsonNode q = w.path("quantization");
                String stored = q.isMissingNode() ? dtype : q.path("dtype").asText();
                int width = switch (stored) {
                    case "float32", "int32" -> 4;
                    case "float16", "uint16" -> 2;
                    case "uint8", "bool" -> 1;
                    default -> throw new PairvizException(name + ": weight " + weight + " is stored as " + stored
                            + ", which pairviz does not read (float32, int32, bool, or quantised uint8, uint16, float16)");
                };
                if (offset + n * width > all.length) {
                    throw new PairvizException(name + ": its weight shards end before weight " + weight + " ("
                            + all.length + " bytes, " + (offset + n * width) + " needed)");
                }
                int count = (int) n;
                Constant c;
                if (!q.isMissingNode() && (stored.equals("uint8") || stored.equals("uint16"))) {
                    double[] v = Dequantisation.affine(all, offset, count, width, q.path("scale").asDouble(),
                            q.path("min").asDouble());
                    if (dtype.equals("int32")) {
                        long[] l = new long[count];
                        for (int i = 0; i < count; i++) {
                            l[i] = Math.round(v[i]);
                        }
                        c = new Constant(shape, null, l);
                    } else {
                        float[] f = new float[count];
                        for (int i = 0; i < count; i++) {
                            f[i] = (float) v[i];
                        }
                        c = new Constant(shape, f, null);
                    }
                } else if (stored.equals("float16")) {
                    c = new Constant(shape, Dequantisation.float16s(all, offset, count), null);
                } else if (stored.equals("float32")) {
                    c = new Constant(shape, Dequantisation.float32s(all, offset, count), null);
                } else if (stored.equals("int32")) {
                    c = new Constant(shape, null, Dequantisation.int32s(all, offset, count));
                } else if (stored.equals("bool")) {
                    long[] l = new long[count];
                    for (int i = 0; i < count; i++) {
                        l[i] = all[offset + i];
                    }
                    c = new Constant(shape, null, l);
                } else {
                    throw new PairvizException(name + ": weight " + weight + " is " + dtype + " stored as " + stored
                            + ", which TensorFlow.js does not write");
                }
                out.put(weight, c);
                offset += count * width;
            }
        }
        return out;
    }

}
