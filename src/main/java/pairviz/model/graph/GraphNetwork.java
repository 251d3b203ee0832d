package pairviz.model.graph;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.model.AttentionTap;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Trace;

/**
 * A model graph read from a file ({@link Graph}: TensorFlow.js, ONNX), run node by node with its
 * format's {@link OpTable} on DJL's PyTorch engine: the one interpreter of every graph format.
 * Its constants are arrays of the manager given to {@link Builder#build}, which never require a
 * gradient; every operation is a DJL array operation, so a pass whose images require a gradient
 * runs under autograd and the gradient at the input reaches through the whole graph.
 *
 * <p>The embedding and the per-position features pairviz decomposes are found in the graph
 * ({@link FeatureRoute}): a graph output reached from a global mean over a spatial map through
 * affine operations only ({@link GraphOp.Kind}), which, applied to each position instead of to the
 * mean, give features {@code alpha [B, N, E]} whose mean is the embedding, exactly; or an output
 * that is an affine function of the last map before it (a flatten and a dense layer), whose
 * position n gives {@code N (f(X e_n) - f(0)) + f(0)}; an output scaled to unit length at the end
 * is read before the scaling. When no output or more than one is so reached, the user names a node
 * ({@link Builder#optFeatures}): an embedding [B, E] so reached, or a spatial map whose plain mean
 * then is the embedding.
 *
 * <p>A transformer's route starts at its tokens [B, T, D]: the class token read at position 0
 * ({@link GraphOp.Kind#TOKEN}), or a mean over the tokens, then affine operations applied to each
 * grid token (the largest K x K square among the T; the tokens before it are prefix tokens). Its
 * attention is found by its pattern ({@code Builder#attention}): each map goes through the
 * {@link AttentionTap} where it is computed and into the {@link Trace}, so the rollout modes and
 * gradient-weighted rollout work as on a native ViT.
 *
 * <p>pairviz feeds [B, 3, S, S]; a channels-last graph gets it transposed once at its input
 * ({@link GraphLayout}). Only the nodes the embedding and the features need are run.
 */
public final class GraphNetwork extends EmbeddingNetwork {
    /** The most positions a map without a global mean may have: its features take N copies of it. */
    static final long MAX_LINEAR_POSITIONS = 1024;

    /** The input side when neither the graph nor the user gives one. */
    public static final int DEFAULT_IMAGE_SIZE = 224;

    private final Graph graph;
    private final OpTable ops;
    private final GraphLayout layout;
    private final FeatureRoute route;
    private final List<GraphNode> trunk; // the nodes the embedding and the features need, in order
    private final Map<String, NDArray> constants;
    private final List<String> notes;
    private GraphConfig config;
    private Set<String> attention = Set.of(); // the softmaxes that are a transformer's attention

    private GraphNetwork(Graph graph, OpTable ops, GraphLayout layout, FeatureRoute route, List<GraphNode> trunk,
            Map<String, NDArray> constants, List<String> notes) {
        this.graph = graph;
        this.ops = ops;
        this.layout = layout;
        this.route = route;
        this.trunk = trunk;
        this.constants = constants;
        this.notes = notes;
    }

    /** A builder: the graph, its operations, its layout and its file's name are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public GraphConfig config() {
        return config;
    }

    /** The graph it runs. */
    public Graph graph() {
        return graph;
    }

    /**
     * The graph value the embedding was found from: the embedding itself, or an output that scales
     * it to unit length (which pairviz reads before the scaling: the cosine is the same).
     */
    public String output() {
        return route.output();
    }

    /**
     * What pairviz decided on the user's behalf and the user should hear once (an input size the
     * graph leaves free), for {@code inspect} and stderr.
     */
    public List<String> notes() {
        return notes;
    }

    /** The graph's constants by name, as float32 where they are floating point (for {@code inspect}). */
    public Map<String, Constant> constants() {
        Map<String, Constant> used = new LinkedHashMap<>();
        constants.keySet().forEach(k -> used.put(k, graph.constants().get(k)));
        return used;
    }

    /**
     * Runs the graph; a transformer's attention maps (found by their pattern, {@link #attention(Map, Set)})
     * go through {@code tap} where they are computed, and the trace returns them.
     */
    @Override
    public Trace trace(ParameterStore ps, NDArray images, boolean training, AttentionTap tap) {
        NDManager manager = images.getManager();
        Map<String, NDArray> values = new HashMap<>();
        values.put(graph.input(), layout.fromPairviz(images));
        List<NDArray> attentions = new ArrayList<>();
        run(trunk, values, manager, tap, attentions);
        NDArray positions = positions(values.get(route.features())); // [B, N, C]
        Shape p = positions.getShape();
        long b = p.get(0);
        long n = p.get(1);
        NDArray alpha;
        NDArray beta;
        switch (route.pooling()) {
            case PLAIN -> {
                alpha = positions;
                beta = positions.mean(new int[] {1}); // [B, C]
            }
            case MEAN -> {
                beta = values.get(route.embedding()).reshape(b, -1); // [B, E] ([B, ...] flattened: a detector's [B, A, K])
                long[] rows = values.get(route.mean().name()).getShape().getShape().clone(); // [B, C] or [B, 1, 1, C] ...
                rows[0] = b * n;
                Map<String, NDArray> each = new HashMap<>(values);
                each.put(route.mean().name(), positions.reshape(new Shape(rows))); // every position as a row of its own
                run(route.chain(), each, manager);
                alpha = each.get(route.embedding()).reshape(b, n, -1); // [B, N, E]
            }
            default -> { // LINEAR: position n's features N (f(X e_n) - f(0)) + f(0)
                beta = values.get(route.embedding()).reshape(b, -1); // [B, E] ([B, ...] flattened: a detector's [B, A, K])
                NDArray map = values.get(route.features());
                NDArray eye = manager.eye((int) n).reshape(1, n, n, 1); // [1, copy, position, 1]
                NDArray masked = positions.expandDims(1).mul(eye).reshape(b * n, n, p.get(2)); // [B * N, N, C]
                Map<String, NDArray> each = new HashMap<>(values);
                each.put(route.features(), layout.fromPositions(masked, map.getShape()));
                run(route.chain(), each, manager);
                Map<String, NDArray> none = new HashMap<>(values);
                long[] zero = map.getShape().getShape().clone();
                zero[0] = 1;
                none.put(route.features(), manager.zeros(new Shape(zero)));
                run(route.chain(), none, manager);
                NDArray bias = none.get(route.embedding()).reshape(1, -1); // [1, E]
                alpha = each.get(route.embedding()).reshape(b, n, -1).sub(bias).mul(n).add(bias); // [B, N, E]
            }
        }
        return new Trace(beta, alpha, config.gridHeight(), config.gridWidth(), config.prefixTokens(),
                config.readoutTokens(), attentions);
    }

    /**
     * The features at each grid position, row-major: [B, N, C] from a spatial map, or from a
     * transformer's tokens [B, T, C] the last N = K x K (after the prefix tokens).
     */
    private NDArray positions(NDArray features) {
        Shape s = features.getShape();
        if (s.dimension() != 3) {
            return layout.positions(features);
        }
        long t = s.get(1);
        long n = (long) config.gridHeight() * config.gridWidth();
        return t == n ? features : features.get(new NDIndex().addAllDim().addSliceDim(t - n, t)); // [B, N, C]
    }

    /** Runs {@code nodes} in order, reading and adding to {@code values}; no attention tapped or kept. */
    private void run(List<GraphNode> nodes, Map<String, NDArray> values, NDManager manager) {
        run(nodes, values, manager, AttentionTap.NONE, null);
    }

    /**
     * Runs {@code nodes} in order, reading and adding to {@code values}; each attention map, as
     * [B, H, T, T], goes through {@code tap} and into {@code attentions} (unless null), and what
     * the tap gives is used in its place.
     */
    private void run(List<GraphNode> nodes, Map<String, NDArray> values, NDManager manager, AttentionTap tap,
            List<NDArray> attentions) {
        long batch = values.get(graph.input()).getShape().get(0);
        for (GraphNode node : nodes) {
            NDArray[] in = new NDArray[node.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = value(node.inputs().get(i), values, manager);
            }
            NDArray[] out;
            try {
                out = ops.op(node.op()).apply(node, in, manager);
            } catch (EngineException | IllegalArgumentException | UnsupportedOperationException e) {
                throw new PairvizException(graph.format() + " node " + node.name() + " (" + node.op() + ") fails on "
                        + Arrays.stream(in).map(a -> a == null ? "-" : Arrays.toString(a.getShape().getShape())).toList() + ": "
                        + firstLine(e), e);
            }
            if (attentions != null && attention.contains(node.name())) {
                Shape s = out[0].getShape(); // [B, H, T, T], or [B * H, T, T] as torch's MultiheadAttention exports it
                int r = s.dimension();
                NDArray heads = r == 4 ? out[0] : out[0].reshape(batch, -1, s.get(r - 2), s.get(r - 1));
                NDArray tapped = tap.tap(attentions.size(), heads);
                attentions.add(tapped);
                out[0] = tapped == heads ? out[0] : tapped.reshape(s);
            }
            values.put(node.name(), out[0]);
            for (int k = 1; k < out.length; k++) {
                values.put(node.name() + ":" + k, out[k]);
            }
        }
    }

    /** A value of the pass; a constant as a view of its array that belongs to this pass's manager. */
    private NDArray value(String name, Map<String, NDArray> values, NDManager manager) {
        if (name.isEmpty()) {
            return null; // an optional input left out
        }
        NDArray v = values.get(name);
        if (v == null) {
            NDArray c = constants.get(name);
            if (c == null) {
                throw new PairvizException(graph.format() + " graph: value " + name + " is read before it is computed");
            }
            v = c.reshape(c.getShape()); // a view: the pass's arrays go to its manager, not the network's
            v.attach(manager);
            values.put(name, v);
        }
        return v;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
    }

    /** Builds a {@link GraphNetwork}: finds its features, loads its constants and runs it once to check them. */
    public static final class Builder {
        private Graph graph;
        private OpTable ops;
        private GraphLayout layout;
        private String source;
        private Integer imageSize;
        private String features;

        private Builder() {}

        /** The graph (required). */
        public Builder setGraph(Graph g) {
            graph = g;
            return this;
        }

        /** The operations of its format (required). */
        public Builder setOps(OpTable table) {
            ops = table;
            return this;
        }

        /** Where its images and maps keep their channels (required). */
        public Builder setLayout(GraphLayout l) {
            layout = l;
            return this;
        }

        /** The file's name, for messages (required). */
        public Builder setSource(String name) {
            source = name;
            return this;
        }

        /** The input side the user gave, or null: the graph's, else {@value #DEFAULT_IMAGE_SIZE}. */
        public Builder optImageSize(Integer size) {
            imageSize = size;
            return this;
        }

        /**
         * The node the user names, or null to find it: an embedding [B, E] reached from a global
         * mean through affine operations, or a spatial map whose mean becomes the embedding.
         */
        public Builder optFeatures(String node) {
            features = node;
            return this;
        }

        /**
         * The network, with its constants in {@code manager} (which then owns them).
         *
         * @throws PairvizException when the graph uses an operation its table does not know, or no
         *     embedding is found in it
         * @throws BadParameterException when the named node or the input size does not fit the graph
         */
        public GraphNetwork build(NDManager manager) {
            Objects.requireNonNull(graph, "graph");
            Objects.requireNonNull(ops, "ops");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(source, "source");
            Map<String, GraphNode> producers = new LinkedHashMap<>();
            for (GraphNode n : graph.nodes()) {
                if (producers.put(n.name(), n) != null) {
                    throw new PairvizException(source + ": two nodes are called " + n.name());
                }
            }
            Set<String> dependent = dependent(producers);
            List<String> notes = new ArrayList<>();
            int size = imageSize(notes);
            FeatureRoute route = route(producers, dependent);
            List<GraphNode> trunk = trunk(route, producers);
            Map<String, NDArray> constants = new LinkedHashMap<>();
            for (GraphNode n : concat(trunk, route.chain())) {
                for (String in : n.inputs()) {
                    Constant c = graph.constants().get(in);
                    if (c != null && !constants.containsKey(in) && !dependent.contains(in)) {
                        constants.put(in, array(c, manager));
                    }
                }
            }
            GraphNetwork network = new GraphNetwork(graph, ops, layout, route, trunk, constants, List.copyOf(notes));
            network.attention = attention(producers, dependent);
            network.config = probe(network, route, size, manager);
            return network;
        }

        /** The input side: the user's, the graph's, or the default (said in a note). */
        private int imageSize(List<String> notes) {
            long[] in = graph.inputShape();
            if (in.length != 4) {
                throw new PairvizException(source + ": its input " + graph.input() + " has shape " + Arrays.toString(in)
                        + ", not a batch of images");
            }
            long c = in[layout.channelAxis()];
            long h = in[layout.heightAxis()];
            long w = in[layout.widthAxis()];
            if (c != -1 && c != 3) {
                throw new PairvizException(source + ": its input " + graph.input() + " " + Arrays.toString(in) + " takes " + c
                        + " channels on axis " + layout.channelAxis() + "; pairviz feeds RGB images (3 channels) "
                        + (layout == GraphLayout.CHANNELS_LAST ? "channels last (NHWC)" : "channels first (NCHW)"));
            }
            if (h != w && h != -1 && w != -1) {
                throw new PairvizException(source + ": its input takes " + h + " x " + w
                        + " images; pairviz feeds square ones");
            }
            long declared = h != -1 ? h : w;
            if (imageSize != null) {
                if (declared != -1 && declared != imageSize) {
                    throw new BadParameterException("{size} " + imageSize + " does not fit " + source
                            + ", whose input takes " + declared + " x " + declared + " images (leave it out)");
                }
                return imageSize;
            }
            if (declared != -1) {
                return (int) declared;
            }
            notes.add("input size " + DEFAULT_IMAGE_SIZE + " x " + DEFAULT_IMAGE_SIZE
                    + ", the default: the graph leaves it free");
            return DEFAULT_IMAGE_SIZE;
        }

        /** The values that depend on the image: the input and every output of a node that reads one. */
        private Set<String> dependent(Map<String, GraphNode> producers) {
            Set<String> dep = new HashSet<>();
            dep.add(graph.input());
            Set<String> nodes = new HashSet<>();
            for (GraphNode n : graph.nodes()) {
                if (n.inputs().stream().anyMatch(i -> dep.contains(i)
                        || nodes.contains(FeatureRoute.nodeOf(i, producers)))) {
                    dep.add(n.name());
                    nodes.add(n.name());
                }
            }
            return new DependentValues(dep, nodes, producers);
        }

        /** The route to the embedding: the one the user names, or the one the graph's outputs show. */
        private FeatureRoute route(Map<String, GraphNode> producers, Set<String> dependent) {
            if (features != null) {
                if (!producers.containsKey(FeatureRoute.nodeOf(features, producers))) {
                    throw new BadParameterException("{features} " + features + " is not a node of " + source);
                }
                Object walked = FeatureRoute.walk(features, producers, dependent, ops);
                if (walked instanceof FeatureRoute r) {
                    return r; // an embedding reached from a global mean
                }
                List<FeatureRoute> from = new ArrayList<>();
                for (String out : graph.outputs()) {
                    if (FeatureRoute.walk(out, producers, dependent, ops) instanceof FeatureRoute r
                            && r.features().equals(features)) {
                        from.add(r);
                    }
                }
                return from.size() == 1 ? from.get(0) : FeatureRoute.plainMean(features);
            }
            List<FeatureRoute> found = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (String out : new LinkedHashSet<>(graph.outputs())) {
                Object walked = FeatureRoute.walk(out, producers, dependent, ops);
                if (walked instanceof FeatureRoute r) {
                    found.add(r);
                } else {
                    why.add((String) walked);
                }
            }
            if (found.size() == 1) {
                return found.get(0);
            }
            if (found.isEmpty()) {
                throw new BadParameterException(source + ": no output of the graph is a global mean over a spatial map "
                        + "followed only by affine operations (" + String.join("; ", why) + "); name the spatial map "
                        + "to decompose with {features}");
            }
            throw new BadParameterException(source + ": " + found.size() + " outputs could each be the embedding (each is "
                    + "a global mean or an affine function of a spatial map: "
                    + String.join(", ", found.stream().map(FeatureRoute::embedding).toList())
                    + "); name the one that is the embedding with {features}");
        }

        /**
         * The softmaxes that are a transformer's attention, by their pattern: a softmax over the
         * last axis ({@link GraphOp.Kind#SOFTMAX}) of a product of two image values (queries and
         * keys), reached through at most three affine operations of one image value (a scale, a
         * mask), whose output is the first factor of another product of two image values (with the
         * values). The probe then keeps those that are square maps over the tokens.
         */
        private Set<String> attention(Map<String, GraphNode> producers, Set<String> dependent) {
            Set<String> firstFactors = new HashSet<>();
            for (GraphNode n : graph.nodes()) {
                if (affineIn(n, dependent) == 2 && !n.inputs().isEmpty()) {
                    firstFactors.add(n.inputs().get(0));
                }
            }
            Set<String> found = new LinkedHashSet<>();
            for (GraphNode n : graph.nodes()) {
                GraphOp op = ops.op(n.op());
                if (op == null || op.kind(n) != GraphOp.Kind.SOFTMAX || !firstFactors.contains(n.name())) {
                    continue;
                }
                GraphNode up = producers.get(n.inputs().get(0));
                for (int hops = 0; up != null && hops < 4; hops++) {
                    int in = affineIn(up, dependent);
                    if (in == 2) {
                        found.add(n.name());
                        break;
                    }
                    if (in != 1) {
                        break;
                    }
                    up = producers.get(up.inputs().stream().filter(dependent::contains).findFirst().orElseThrow());
                }
            }
            return found;
        }

        /** How many image values an affine node reads (0 for a node that is not affine). */
        private int affineIn(GraphNode n, Set<String> dependent) {
            GraphOp op = ops.op(n.op());
            if (op == null || op.kind(n) != GraphOp.Kind.AFFINE) {
                return 0;
            }
            return (int) n.inputs().stream().filter(dependent::contains).count();
        }

        /** The nodes the route needs (the embedding's and the features' ancestors), in graph order; each one known. */
        private List<GraphNode> trunk(FeatureRoute route, Map<String, GraphNode> producers) {
            Set<String> need = new HashSet<>();
            List<String> todo = new ArrayList<>(List.of(route.embedding(), route.features(), route.output()));
            while (!todo.isEmpty()) {
                String node = FeatureRoute.nodeOf(todo.remove(todo.size() - 1), producers);
                GraphNode n = producers.get(node);
                if (n != null && need.add(node)) {
                    todo.addAll(n.inputs());
                }
            }
            List<GraphNode> trunk = new ArrayList<>();
            for (GraphNode n : graph.nodes()) {
                if (need.contains(n.name())) {
                    if (ops.op(n.op()) == null) {
                        throw new PairvizException(source + ": " + graph.format() + " operation " + n.op() + " (node "
                                + n.name() + ") is not supported by pairviz");
                    }
                    for (String in : n.inputs()) {
                        if (!in.equals(graph.input()) && !graph.constants().containsKey(in)
                                && !producers.containsKey(FeatureRoute.nodeOf(in, producers))) {
                            throw new PairvizException(source + ": node " + n.name() + " reads " + in
                                    + ", which is neither a node, a constant nor the input");
                        }
                    }
                    trunk.add(n);
                }
            }
            return trunk;
        }

        /**
         * Runs two images through the network: the shapes of the features and of the embedding,
         * checked, and the per-position features checked to average to the embedding.
         */
        private GraphConfig probe(GraphNetwork network, FeatureRoute route, int size, NDManager manager) {
            try (NDManager sub = manager.newSubManager()) {
                NDArray images = sub.arange(0f, 2f * 3 * size * size).reshape(2, 3, size, size)
                        .mod(251f).div(250f); // [2, 3, S, S], every value in 0..1
                Map<String, NDArray> values = new HashMap<>();
                values.put(graph.input(), layout.fromPairviz(images));
                List<NDArray> seen = new ArrayList<>();
                network.run(network.trunk, values, sub, AttentionTap.NONE, seen);
                Shape map = values.get(route.features()).getShape();
                if (map.dimension() == 3 && route.mean() != null) {
                    return probeTokens(network, route, size, values, seen, images, sub);
                }
                network.attention = Set.of();
                if (map.dimension() != 4) {
                    throw (features != null ? new BadParameterException("{features} " + features + " is "
                            + Arrays.toString(map.getShape()) + " for 2 images, neither a spatial map nor an embedding")
                            : new PairvizException(source + ": " + route.features() + " is " + Arrays.toString(map.getShape())
                                    + " for 2 images, not a spatial map"));
                }
                long h = map.get(layout.heightAxis());
                long w = map.get(layout.widthAxis());
                long c = map.get(layout.channelAxis());
                if (route.mean() != null) {
                    checkMean(route, values, c, sub);
                }
                if (route.pooling() != FeatureRoute.Pooling.PLAIN) {
                    Shape e = values.get(route.embedding()).getShape();
                    if (e.dimension() < 2 || e.get(0) != 2) { // [2, E], or [2, ...] read flattened
                        throw new PairvizException(source + ": the embedding " + route.embedding() + " is "
                                + Arrays.toString(e.getShape()) + " for 2 images, not [2, E] (does the graph fix its batch at 1?)");
                    }
                }
                if (h * w > MAX_LINEAR_POSITIONS && route.pooling() == FeatureRoute.Pooling.LINEAR) {
                    throw new BadParameterException(source + ": the embedding is an affine function of " + route.features()
                            + ", a map of " + h + " x " + w + " positions, with no global mean; name a smaller map to "
                            + "decompose with {features}");
                }
                GraphConfig config = new GraphConfig(source, graph.format(), size, (int) h, (int) w, 0,
                        route.features(), route.embedding(), route.describe());
                network.config = config;
                Trace t = network.trace(new ParameterStore(sub, false), images, false);
                NDArray gap = t.alpha().mean(new int[] {1}).sub(t.beta()).abs().max();
                float scale = Math.max(t.beta().abs().max().getFloat(), 1e-6f);
                if (gap.getFloat() > 1e-3f * scale) {
                    throw new PairvizException(source + ": the features of " + route.features() + ", taken through "
                            + route.describe() + " at each position, average to the embedding only within "
                            + gap.getFloat() + " (of " + scale + ")");
                }
                if (!route.output().equals(route.embedding())) {
                    NDArray out = values.get(route.output());
                    NDArray emb = values.get(route.embedding());
                    NDArray cos = out.mul(emb).sum(new int[] {1}).div(out.norm(new int[] {1}).mul(emb.norm(new int[] {1})));
                    if (!out.getShape().equals(emb.getShape()) || cos.min().getFloat() < 1 - 1e-5f) {
                        throw new BadParameterException(source + ": " + route.output() + " looks like " + route.embedding()
                                + " scaled to unit length, but it is not; name the embedding with {features}");
                    }
                }
                int e = (int) t.beta().getShape().get(1);
                if (e < 2) {
                    throw new BadParameterException(source + ": the embedding " + route.embedding() + " is 1-d: the "
                            + "cosine of two numbers is +-1, not a similarity (a score or a flag, not an embedding); name "
                            + "another node with {features}");
                }
                return new GraphConfig(source, graph.format(), size, (int) h, (int) w, e, route.features(),
                        route.embedding(), route.describe());
            }
        }

        /**
         * A transformer's route: tokens [2, T, D] read through a class token or averaged, then
         * affine operations. The grid is the largest square of K x K tokens among the T; the
         * P = T - K^2 before it are prefix tokens (a class token, registers). Keeps the attention
         * candidates that are [B, H, T', T'] over those tokens (T' = T, or K^2 + P' when the
         * features drop the prefix).
         */
        private GraphConfig probeTokens(GraphNetwork network, FeatureRoute route, int size, Map<String, NDArray> values,
                List<NDArray> seen, NDArray images, NDManager sub) {
            Shape map = values.get(route.features()).getShape();
            GraphNode pool = route.mean();
            boolean token = ops.op(pool.op()).kind(pool) == GraphOp.Kind.TOKEN;
            long t = map.get(1);
            long k = (long) Math.floor(Math.sqrt(t));
            long prefix = t - k * k;
            if (token) {
                Constant index = pool.inputs().size() > 1 ? graph.constants().get(pool.inputs().get(1)) : null;
                if (index == null || !index.integer() || index.longs().length != 1 || index.longs()[0] != 0) {
                    throw new PairvizException(source + ": " + pool.name() + " (" + pool.op() + ") reads a token other than "
                            + "the first of " + route.features() + "; pairviz reads a class token at position 0");
                }
                if (prefix == 0) {
                    throw new PairvizException(source + ": " + route.features() + " holds " + t + " tokens, a square grid "
                            + "with no class token before it, yet the embedding reads token 0");
                }
            } else {
                checkMean(route, values, map.get(2), sub);
                if (prefix != 0) {
                    throw new PairvizException(source + ": " + pool.name() + " averages " + t + " tokens of "
                            + route.features() + ", not a square grid of them");
                }
            }
            Shape e = values.get(route.embedding()).getShape();
            if (e.dimension() != 2 || e.get(0) != 2) {
                throw new PairvizException(source + ": the embedding " + route.embedding() + " is "
                        + Arrays.toString(e.getShape()) + " for 2 images, not [2, E]");
            }
            List<String> candidates = network.trunk.stream().map(GraphNode::name).filter(network.attention::contains).toList();
            Set<String> kept = new LinkedHashSet<>();
            long attended = -1;
            for (int i = 0; i < candidates.size(); i++) {
                Shape a = seen.get(i).getShape(); // [2, H, T', T']
                if (a.get(0) == 2 && a.get(2) == a.get(3) && a.get(2) >= k * k && (attended == -1 || attended == a.get(2))) {
                    attended = a.get(2);
                    kept.add(candidates.get(i));
                }
            }
            network.attention = kept;
            int p = (int) (kept.isEmpty() ? prefix : attended - k * k);
            String pooling = token ? "the class token read by " + pool.name() + " (" + pool.op() + "), then "
                    + route.chain().size() + " affine operation(s)" : route.describe();
            GraphConfig config = new GraphConfig(source, graph.format(), size, (int) k, (int) k, (int) e.get(1),
                    route.features(), route.embedding(), pooling, p, token ? 1 : 0, kept.size());
            network.config = config;
            Trace trace = network.trace(new ParameterStore(sub, false), images, false);
            if (!token) {
                NDArray gap = trace.alpha().mean(new int[] {1}).sub(trace.beta()).abs().max();
                float scale = Math.max(trace.beta().abs().max().getFloat(), 1e-6f);
                if (gap.getFloat() > 1e-3f * scale) {
                    throw new PairvizException(source + ": the features of " + route.features() + ", taken through "
                            + pooling + " at each token, average to the embedding only within " + gap.getFloat());
                }
            }
            return config;
        }

        /** Checks that the route's mean averages its map over exactly the spatial axes (a token sequence: axis 1). */
        private void checkMean(FeatureRoute route, Map<String, NDArray> values, long channels, NDManager sub) {
            GraphNode mean = route.mean();
            Shape out = values.get(mean.name()).getShape();
            boolean ok = out.get(0) == 2 && out.size() == 2 * channels;
            if (ok && mean.inputs().size() > 1) {
                Constant axes = graph.constants().get(mean.inputs().get(1));
                if (axes != null && axes.integer()) {
                    Set<Long> got = new HashSet<>();
                    int rank = values.get(route.features()).getShape().dimension();
                    for (long a : axes.longs()) {
                        got.add(a < 0 ? a + rank : a);
                    }
                    ok = got.equals(rank == 3 ? Set.of(1L) : Set.of((long) layout.heightAxis(), (long) layout.widthAxis()));
                }
            }
            if (!ok) {
                throw new BadParameterException(source + ": " + mean.name() + " (" + mean.op() + ") does not average "
                        + route.features() + " over its positions alone (it gives " + Arrays.toString(out.getShape())
                        + " for 2 images); name the embedding with {features}");
            }
        }

        private static List<GraphNode> concat(List<GraphNode> a, List<GraphNode> b) {
            List<GraphNode> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }

        /** A constant as an array of {@code manager}: float32, or int64 for integers. */
        private static NDArray array(Constant c, NDManager manager) {
            Shape shape = new Shape(c.shape());
            return c.integer() ? manager.create(c.longs(), shape) : manager.create(c.floats(), shape);
        }
    }

    /**
     * The values that depend on the image, by value name: {@code name} and {@code name:k} of every
     * node that reads one, and the input.
     */
    private static final class DependentValues extends java.util.AbstractSet<String> {
        private final Set<String> values;
        private final Set<String> nodes;
        private final Map<String, GraphNode> producers;

        DependentValues(Set<String> values, Set<String> nodes, Map<String, GraphNode> producers) {
            this.values = values;
            this.nodes = nodes;
            this.producers = producers;
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof String s && (values.contains(s) || nodes.contains(FeatureRoute.nodeOf(s, producers)));
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return values.iterator();
        }

        @Override
        public int size() {
            return values.size();
        }
    }

    /**
     * Refuses bf16: the interpreter runs every operation in the graph's float32, which pairviz's
     * bf16 kernels do not reach, so the network would run float32 while the user asked for bf16.
     */
    @Override
    public String refuses(pairviz.model.Precision p) {
        return p == pairviz.model.Precision.FP32 ? null
                : "a " + graph().format() + " graph runs its operations in float32: leave {precision} at fp32";
    }
}
