package pairviz.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.loading.ModelOptions;
import pairviz.loading.family.CheckpointFamilies;
import pairviz.loading.family.CheckpointReading;
import pairviz.loading.family.CheckpointSource;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.PositionEmbeddings;
import pairviz.loading.WeightLoader;
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
    /** Name of a ViT's patch-embedding kernel [D, 3, P, P] in canonical names. */
    static final String PATCH_KERNEL = "transformer.embeddings.patch_embeddings.weight";

    /**
     * Weights for {@code network}: {@link #fromScratch} of {@code seed} when {@code init} is null,
     * else the checkpoint read by its family (in the network's names), adapted to a ViT whose patches are smaller by a whole
     * factor ({@link #shrinkPatchKernel}) and whose token grid differs (position embeddings resized
     * bilinearly over the grid, {@link PositionEmbeddings}, the prefix tokens' kept). Whether the tensors then fit the network is checked when they
     * are loaded.
     */
    public static StateDict of(EmbeddingNetwork network, Path init, long seed) {
        if (init == null) {
            return fromScratch(network, seed);
        }
        String source = init.getFileName().toString();
        CheckpointReading reading =
                CheckpointFamilies.read(Checkpoints.read(init), CheckpointSource.inMemory(source, ModelOptions.auto()));
        if (reading.config().getClass() != network.config().getClass()) { // e.g. a torchvision ResNet (BatchNorm)
            throw BadParameterException.of("init", source + " holds a " + reading.config().describe()
                    + "; training starts only from a " + network.config().kind() + " like the network it trains");
        }
        StateDict dict = reading.weights();
        if (!(network.config() instanceof VitConfig v)) {
            return dict;
        }
        Map<String, Tensor> copy = new LinkedHashMap<>(dict.asMap());
        Tensor kernel = copy.get(PATCH_KERNEL);
        if (kernel != null && kernel.rank() == 4 && kernel.dim(3) != v.patchSize()) {
            copy.put(PATCH_KERNEL, shrinkPatchKernel(kernel, v.patchSize(), source));
        }
        Tensor pos = copy.get(POSITIONS); // [1, prefix + K*K, D]
        int prefix = v.variant().positionedPrefix();
        if (pos != null && pos.rank() == 3 && pos.dim(1) != v.patches() + prefix) {
            try {
                copy.put(POSITIONS, PositionEmbeddings.resample(pos, prefix, v.gridSize(), PositionEmbeddings.Resampling.BILINEAR));
            } catch (PairvizException e) {
                throw new PairvizException("checkpoint " + source + ": " + e.getMessage(), e);
            }
        }
        return StateDict.of(copy);
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
     * A patch-embedding kernel [D, C, P, P] for patches of side {@code p}, where P = k p: each
     * new tap is the sum of a k x k block of old taps. The new kernel gives on a p x p patch
     * exactly what the old one gave on that patch enlarged k times (nearest neighbour), so a
     * network trained on large patches starts on small ones seeing each patch as if zoomed in;
     * the rest of the network is unchanged (with its position embeddings resampled to the larger grid).
     *
     * @throws PairvizException if P is not a whole multiple of {@code p} or the kernel is not square
     */
    public static Tensor shrinkPatchKernel(Tensor kernel, int p, String source) {
        int big = kernel.dim(3);
        if (kernel.dim(2) != big || p < 1 || big % p != 0) {
            throw new PairvizException("checkpoint " + source + ": its patch kernel " + kernel.shapeString()
                    + " cannot be shrunk to patches of " + p + " (only to a whole fraction of its size)");
        }
        int k = big / p;
        int planes = kernel.dim(0) * kernel.dim(1);
        float[] in = kernel.data();
        float[] out = new float[planes * p * p];
        for (int plane = 0; plane < planes; plane++) {
            for (int y = 0; y < big; y++) {
                for (int x = 0; x < big; x++) {
                    out[(plane * p + y / k) * p + x / k] += in[(plane * big + y) * big + x];
                }
            }
        }
        return new Tensor(new long[] {kernel.dim(0), kernel.dim(1), p, p}, out);
    }
}
