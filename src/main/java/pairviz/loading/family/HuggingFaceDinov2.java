package pairviz.loading.family;

import pairviz.model.PositionEmbeddings;
import java.util.List;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * Hugging Face transformers' {@code Dinov2Model} and {@code Dinov2WithRegistersModel}:
 * {@code embeddings.{cls_token, mask_token, position_embeddings, patch_embeddings.projection,
 * register_tokens}}, {@code encoder.layer.N.{norm1, attention.attention.query/key/value,
 * attention.output.dense, layer_scale1.lambda1, norm2, mlp.fc1, mlp.fc2, layer_scale2.lambda1}},
 * {@code layernorm}. The embedding is {@code pooler_output}, the class token after the final norm;
 * the registers follow the class token without a position embedding. config.json gives the head
 * count and LayerNorm eps (1e-6 by default).
 */
public final class HuggingFaceDinov2 implements CheckpointFamily {

    @Override
    public String id() {
        return "hf-dinov2";
    }

    @Override
    public String title() {
        return "Hugging Face Dinov2Model (with registers too)";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.huggingFaceBeside(source).or(
                PreprocessingHints.imagenetCrop(0.875, "bicubic", "DINOv2's evaluation transform (Resize 256 bicubic, CenterCrop 224)"));
    }

    @Override
    public List<String> signature() {
        return List.of(HuggingFaceVit.PATCH, "embeddings.cls_token", "encoder.layer.0.attention.attention.query.weight",
                "encoder.layer.0.norm1.weight");
    }

    @Override
    public boolean matches(StateDict weights) {
        String prefix = HuggingFaceVit.modelPrefix(weights);
        return signature().stream().allMatch(n -> weights.contains(prefix + n));
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        HuggingFaceConfig config = HuggingFaceConfig.beside(source);
        StateDict w = weights.stripPrefix(HuggingFaceVit.modelPrefix(weights));
        Tensor reg = w.get("embeddings.register_tokens"); // [1, R, D]
        VitConfig.Variant v = VitReading.fromConfig(VitConfig.Variant.STANDARD, config, 1e-6, "gelu")
                .withPrefix(true, false, reg == null ? 0 : reg.dim(1), 1)
                .withLayerScale(w.contains("encoder.layer.0.layer_scale1.lambda1"))
                .withPatchBias(w.contains("embeddings.patch_embeddings.projection.bias"));
        // Dinov2WithRegisters resamples with antialias (as timm), Dinov2 without
        return HuggingFaceVit.read(this, w, source, config, v, "classifier",
                reg == null ? PositionEmbeddings.Resampling.PLAIN : PositionEmbeddings.Resampling.TIMM);
    }
}
