package pairviz.model.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.model.Engines;
import pairviz.model.Trace;

/**
 * The interpreter on a small channels-last graph with a test table of operations: a per-pixel
 * layer with a ReLU, a global mean, an affine head (the embedding) and a ReLU after it (another
 * output). Checked against the same function composed directly in DJL, gradients included.
 */
class GraphNetworkTest {
    static final OpTable OPS = new OpTable("Test", Map.of(
            "Dense", (n, in, m) -> new NDArray[] {Activation.relu(in[0].matMul(in[1]))},
            "Mean", GraphOp.mean((n, in, m) -> new NDArray[] {in[0].sum(toInts(in[1].toLongArray())).div(16)}),
            "Affine", GraphOp.affine((n, in, m) -> new NDArray[] {in[0].matMul(in[1]).add(in[2])}),
            "Relu", (n, in, m) -> new NDArray[] {Activation.relu(in[0])},
            "Flatten", GraphOp.affine((n, in, m) -> new NDArray[] {in[0].reshape(in[0].getShape().get(0), -1)})));

    static final Random RANDOM = new Random(7);
    static final Constant W1 = floats(3, 5);
    static final Constant W2 = floats(5, 6);
    static final Constant B2 = floats(6);

    static Graph graph(List<String> outputs, String meanOp, String headOp) {
        return new Graph("Test", "x", new long[] {-1, 4, 4, 3}, List.of(
                node("map", "Dense", "x", "w1"),
                node("pool", meanOp, "map", "axes"),
                node("emb", "Affine", "pool", "w2", "b2"),
                node("head", headOp, "emb")),
                Map.of("w1", W1, "w2", W2, "b2", B2, "axes", new Constant(new long[] {2}, null, new long[] {1, 2})),
                outputs);
    }

    static GraphNetwork network(Graph g, String features, NDManager manager) {
        return GraphNetwork.builder().setGraph(g).setOps(OPS).setLayout(GraphLayout.CHANNELS_LAST).setSource("test.json")
                .optFeatures(features).build(manager);
    }

    @Test
    void findsTheMeanAndAppliesTheAffineHeadToEachPosition() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            GraphNetwork net = network(graph(List.of("emb", "head"), "Mean", "Relu"), null, manager);
            GraphConfig c = net.config();
            assertThat(c.features()).isEqualTo("map");
            assertThat(c.embedding()).isEqualTo("emb");
            assertThat(c.imageSize()).isEqualTo(4);
            assertThat(c.gridHeight()).isEqualTo(4);
            assertThat(c.outDim()).isEqualTo(6);
            assertThat(c.pooling()).contains("global mean pool", "1 affine operation (Affine)");
            try (NDManager sub = manager.newSubManager()) {
                NDArray images = sub.randomUniform(0f, 1f, new Shape(2, 3, 4, 4));
                images.setRequiresGradient(true);
                NDArray w1 = sub.create(W1.floats(), new Shape(3, 5));
                NDArray w2 = sub.create(W2.floats(), new Shape(5, 6));
                NDArray b2 = sub.create(B2.floats());
                NDArray wantAlpha;
                NDArray wantBeta;
                try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                    NDArray pixels = images.transpose(0, 2, 3, 1).reshape(2, 16, 3); // [B, N, 3]
                    NDArray hidden = Activation.relu(pixels.matMul(w1)); // [B, N, 5]
                    wantAlpha = hidden.matMul(w2).add(b2); // [B, N, 6]
                    wantBeta = hidden.mean(new int[] {1}).matMul(w2).add(b2); // [B, 6]
                    gc.backward(wantBeta.mul(wantBeta).sum());
                }
                NDArray wantGrad = images.getGradient().duplicate();
                NDArray again = images.duplicate(); // a leaf of its own, its gradient unaccumulated
                again.setRequiresGradient(true);
                Trace t;
                try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                    t = net.trace(new ParameterStore(sub, false), again, false);
                    gc.backward(t.beta().mul(t.beta()).sum());
                }
                assertThat(t.alpha().getShape()).isEqualTo(new Shape(2, 16, 6));
                assertClose(t.alpha(), wantAlpha, 1e-5f);
                assertClose(t.beta(), wantBeta, 1e-5f);
                assertClose(t.alpha().mean(new int[] {1}), t.beta(), 1e-5f);
                assertThat(again.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
                assertClose(again.getGradient(), wantGrad, 1e-5f);
            }
        }
    }

    @Test
    void anUnknownOperationIsRefusedByNameAndNode() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            PairvizException e = assertThrows(PairvizException.class,
                    () -> network(graph(List.of("emb"), "Average", "Relu"), null, manager));
            assertThat(e.getMessage()).contains("Test operation Average (node pool)").doesNotContain("\n");
        }
    }

    @Test
    void twoEmbeddingsAreAmbiguousUntilOneIsNamed() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Graph both = graph(List.of("emb", "head"), "Mean", "Affine2");
            Graph g = new Graph(both.format(), both.input(), both.inputShape(), List.of(both.nodes().get(0),
                    both.nodes().get(1), both.nodes().get(2), node("head", "Affine", "pool", "w2", "b2")),
                    both.constants(), both.outputs());
            BadParameterException e = assertThrows(BadParameterException.class, () -> network(g, null, manager));
            assertThat(e.getMessage()).contains("2 outputs", "emb, head", "{features}".replace("{", "").replace("}", ""));
            assertThat(network(g, "head", manager).config().embedding()).isEqualTo("head");
        }
    }

    @Test
    void aNamedMapIsDecomposedWithItsPlainMean() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            GraphNetwork net = network(graph(List.of("head"), "Relu", "Relu"), "map", manager);
            assertThat(net.config().embedding()).isEqualTo("map");
            assertThat(net.config().outDim()).isEqualTo(5);
            BadParameterException none = assertThrows(BadParameterException.class,
                    () -> network(graph(List.of("head"), "Relu", "Relu"), null, manager));
            assertThat(none.getMessage()).contains("no output", "head is Relu, neither a mean nor affine");
        }
    }

    /**
     * Without a global mean, a flatten and a dense layer: position n's features are
     * {@code N W_n x_n + b}, W_n the rows of W that read position n; they average to the embedding.
     */
    @Test
    void aFlattenAndADenseLayerAreDecomposedPositionByPosition() {
        Constant w3 = floats(80, 6);
        Graph g = new Graph("Test", "x", new long[] {-1, 4, 4, 3}, List.of(
                node("map", "Dense", "x", "w1"),
                node("flat", "Flatten", "map"),
                node("emb", "Affine", "flat", "w3", "b2")),
                Map.of("w1", W1, "w3", w3, "b2", B2), List.of("emb"));
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            GraphNetwork net = network(g, null, manager);
            assertThat(net.config().features()).isEqualTo("map");
            assertThat(net.config().pooling()).startsWith("no global mean");
            try (NDManager sub = manager.newSubManager()) {
                NDArray images = sub.randomUniform(0f, 1f, new Shape(2, 3, 4, 4));
                Trace t = net.trace(new ParameterStore(sub, false), images, false);
                NDArray pixels = images.transpose(0, 2, 3, 1).reshape(2, 16, 3); // [B, N, 3]
                NDArray hidden = Activation.relu(pixels.matMul(sub.create(W1.floats(), new Shape(3, 5)))); // [B, N, 5]
                NDArray rows = sub.create(w3.floats(), new Shape(16, 5, 6)); // W_n: [N, 5, 6]
                NDArray want = hidden.expandDims(2).matMul(rows.expandDims(0)).squeeze(2).mul(16)
                        .add(sub.create(B2.floats())); // [B, N, 6]
                assertClose(t.alpha(), want, 1e-4f);
                assertClose(t.alpha().mean(new int[] {1}), t.beta(), 1e-5f);
            }
        }
    }

    static void assertClose(NDArray got, NDArray want, float tol) {
        assertThat(got.getShape()).isEqualTo(want.getShape());
        float d = got.sub(want).abs().max().getFloat();
        assertThat(d).as("max |difference|").isLessThanOrEqualTo(tol);
    }

    static GraphNode node(String name, String op, String... inputs) {
        return new GraphNode(name, op, List.of(inputs), Map.of());
    }

    static Constant floats(long... shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) RANDOM.nextGaussian();
        }
        return new Constant(shape, v, null);
    }

    static int[] toInts(long[] v) {
        List<Integer> out = new ArrayList<>();
        for (long x : v) {
            out.add((int) x);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
