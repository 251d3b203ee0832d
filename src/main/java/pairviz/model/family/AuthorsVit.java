package pairviz.model.family;

import java.util.List;
import java.util.regex.Pattern;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.model.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * The authors' ViT checkpoints (the ViT-pytorch names: {@code transformer.embeddings...},
 * {@code transformer.encoder.layer.i...}, {@code head...}), which are also pairviz's own and
 * {@link VitConfig}'s network names. Other ViT families rename into these and read through
 * {@link #readCanonical}.
 */
public final class AuthorsVit implements CheckpointFamily {
    /** The patch-embedding kernel [D, 3, P, P]. */
    static final String PATCH_KERNEL = "transformer.embeddings.patch_embeddings.weight";
    private static final Pattern LAYER = Pattern.compile("^transformer\\.encoder\\.layer\\.(\\d+)\\.");

    @Override
    public String id() {
        return "authors-vit";
    }

    @Override
    public String title() {
        return "ViT in the authors' names (ViT-pytorch; pairviz's own checkpoints)";
    }

    @Override
    public List<String> signature() {
        return List.of(PATCH_KERNEL);
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        return CheckpointReading.plain(this, readCanonical(weights, source), weights);
    }

    /**
     * The architecture of a ViT whose tensors carry the canonical names: sizes from the shapes, the
     * head count and pooling from {@code source}'s options (width / 64 and mean by default).
     */
    static VitConfig readCanonical(StateDict w, CheckpointSource source) {
        String name = source.name();
        Tensor patch = w.require(PATCH_KERNEL, name); // [D, 3, P, P]
        Tensor pos = w.require("transformer.embeddings.position_embeddings", name); // [1, N+1, D]
        Tensor fc1 = w.require("transformer.encoder.layer.0.ffn.fc1.weight", name); // [M, D]
        Tensor head = w.require("head.weight", name); // [E, D]
        int width = patch.dim(0);
        int patchSize = patch.dim(2);
        int tokens = pos.dim(1) - 1;
        int grid = (int) Math.round(Math.sqrt(tokens));
        if (grid * grid != tokens) {
            throw new PairvizException("checkpoint " + name + ": " + tokens + " position embeddings do not form a square grid");
        }
        ModelOptions opts = source.options();
        int heads = opts.heads() != null ? opts.heads() : Math.max(1, width / 64);
        VitConfig.Pooling pooling = opts.pooling() != null ? opts.pooling() : VitConfig.Pooling.MEAN;
        try {
            return new VitConfig(grid * patchSize, patchSize, width, w.countIndices(LAYER), heads, fc1.dim(0),
                    head.dim(0), pooling);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("checkpoint " + name + ": " + e.getMessage() + " (set {heads})");
        }
    }
}
