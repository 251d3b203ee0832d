package pairviz.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.model.CheckpointAdapters;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.WeightLoader;
import pairviz.model.resnet.ResNetConfig;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/** The weights a run starts from: seeded random ones, or a checkpoint adapted to the network. */
public final class InitialWeights {
    private InitialWeights() {}

    /** Name of a ViT's position embeddings in canonical names. */
    static final String POSITIONS = "transformer.embeddings.position_embeddings";

    /**
     * Weights for {@code network}: {@link #fromScratch} of {@code seed} when {@code init} is null,
     * else the checkpoint in canonical names with a ViT's position embeddings resized (bilinearly
     * over the token grid) when its grid differs from the network's.
     * Whether the tensors then fit the network is checked when they are loaded.
     */
    public static StateDict of(EmbeddingNetwork network, Path init, long seed) {
        if (init == null) {
            return fromScratch(network, seed);
        }
        StateDict dict = CheckpointAdapters.canonical(Checkpoints.read(init));
        if (network.config() instanceof VitConfig v && dict.contains(POSITIONS)) {
            Tensor pos = dict.get(POSITIONS);
            if (pos.rank() == 3 && pos.dim(1) != v.patches() + 1) {
                Map<String, Tensor> copy = new LinkedHashMap<>(dict.asMap());
                copy.put(POSITIONS, resizePositions(pos, v.gridSize(), init.getFileName().toString()));
                dict = StateDict.of(copy);
            }
        }
        return dict;
    }

    /**
     * Seeded weights to train from: {@link WeightLoader#randomWeights} (normal with std 0.02, as
     * timm initialises a ViT), except that a ResNet's convolutions are drawn as timm's ResNetV2
     * draws them: He-normal ({@code kaiming_normal_(mode='fan_in', nonlinearity='relu')}, std
     * {@code sqrt(2 / fan_in)}) in the body, std 0.01 for the head.
     *
     * <p>The scale matters although the body's convolutions are weight-standardised: their
     * gradient scales with {@code 1 / std(w)}, so at std 0.02 every SGD step changed a filter by
     * many times its own size and training did not learn (Recall@1 at chance on its own training
     * classes after 1000 steps).
     */
    public static StateDict fromScratch(EmbeddingNetwork network, long seed) {
        StateDict dict = WeightLoader.randomWeights(network, seed);
        if (!(network.config() instanceof ResNetConfig)) {
            return dict;
        }
        Map<String, Tensor> out = new LinkedHashMap<>(dict.asMap());
        for (Map.Entry<String, Tensor> e : dict.asMap().entrySet()) {
            Tensor t = e.getValue();
            if (t.rank() == 4) { // [out, in, kh, kw]
                double fanIn = (double) t.dim(1) * t.dim(2) * t.dim(3);
                double std = e.getKey().startsWith("head.") ? 0.01 : Math.sqrt(2 / fanIn);
                float[] data = t.data().clone();
                for (int i = 0; i < data.length; i++) {
                    data[i] *= (float) (std / WeightLoader.RANDOM_STD);
                }
                out.put(e.getKey(), new Tensor(t.shape(), data));
            }
        }
        return StateDict.of(out);
    }

    /**
     * Resizes position embeddings [1, 1 + K*K, D] (class token first, then the K x K grid
     * row-major) to [1, 1 + G*G, D]: the class token's row is kept, the grid is resampled as
     * {@code F.interpolate(mode='bilinear', align_corners=False)} does (no antialiasing).
     *
     * @throws PairvizException if the old tokens do not form a square grid after the class token
     */
    public static Tensor resizePositions(Tensor pos, int newGrid, String source) {
        int tokens = pos.dim(1) - 1;
        int width = pos.dim(2);
        int grid = (int) Math.round(Math.sqrt(tokens));
        if (grid * grid != tokens || pos.dim(0) != 1) {
            throw new PairvizException("checkpoint " + source + ": position embeddings " + pos.shapeString()
                    + " are not a class token plus a square grid");
        }
        float[] in = pos.data();
        float[] out = new float[(1 + newGrid * newGrid) * width];
        System.arraycopy(in, 0, out, 0, width); // class token
        double scale = (double) grid / newGrid;
        for (int y = 0; y < newGrid; y++) {
            Tap ty = Tap.of((y + 0.5) * scale - 0.5, grid);
            for (int x = 0; x < newGrid; x++) {
                Tap tx = Tap.of((x + 0.5) * scale - 0.5, grid);
                int dst = (1 + y * newGrid + x) * width;
                for (int d = 0; d < width; d++) {
                    double top = (1 - tx.w) * in[at(ty.i0, tx.i0, d, grid, width)] + tx.w * in[at(ty.i0, tx.i1, d, grid, width)];
                    double bottom = (1 - tx.w) * in[at(ty.i1, tx.i0, d, grid, width)] + tx.w * in[at(ty.i1, tx.i1, d, grid, width)];
                    out[dst + d] = (float) ((1 - ty.w) * top + ty.w * bottom);
                }
            }
        }
        return new Tensor(new long[] {1, 1 + (long) newGrid * newGrid, width}, out);
    }

    private static int at(int row, int col, int d, int grid, int width) {
        return (1 + row * grid + col) * width + d;
    }

    /** Two neighbouring source indices and the weight of the second (PyTorch's clamping at the edges). */
    private record Tap(int i0, int i1, double w) {
        static Tap of(double src, int n) {
            double s = Math.max(0, src);
            int i0 = Math.min((int) Math.floor(s), n - 1);
            int i1 = Math.min(i0 + 1, n - 1);
            return new Tap(i0, i1, s - i0);
        }
    }
}
