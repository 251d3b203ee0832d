package pairviz.loading.family;

import pairviz.model.PositionEmbeddings;
import java.util.List;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;

/**
 * The authors' ViT checkpoints (the ViT-pytorch names: {@code transformer.embeddings...},
 * {@code transformer.encoder.layer.i...}, {@code head...}), which are also pairviz's own and
 * {@link VitConfig}'s network names. Other ViT families rename into these and read through
 * {@link VitReading}.
 */
public final class AuthorsVit implements CheckpointFamily {
    /** The patch-embedding kernel [D, 3, P, P]. */
    static final String PATCH_KERNEL = "transformer.embeddings.patch_embeddings.weight";

    @Override
    public String id() {
        return "authors-vit";
    }

    @Override
    public String title() {
        return "ViT in the authors' names (ViT-pytorch; pairviz's own checkpoints)";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.authors("the authors' preprocessing (pairviz's checkpoints keep it)");
    }

    @Override
    public List<String> signature() {
        return List.of(PATCH_KERNEL);
    }

    /**
     * Sizes from the shapes; the head count and pooling from {@code source}'s options (width / 64
     * and the paper's mean pooling by default).
     */
    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        weights.require("head.weight", source.name());
        return VitReading.read(this, weights, source, new VitReading.Defaults(VitConfig.Variant.AUTHORS,
                VitConfig.Pooling.MEAN, null, null, "head", List.of(), PositionEmbeddings.Resampling.TIMM), List.of());
    }
}
