package pairviz.loading.family;

import pairviz.model.PositionEmbeddings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * The DINOv2 models of facebookresearch/dinov2 as {@code torch.hub} gives them ({@code dinov2_vits14},
 * {@code dinov2_vits14_reg}, ...): timm's block names ({@code patch_embed.proj},
 * {@code blocks.N.{norm1, attn.qkv, attn.proj, ls1.gamma, norm2, mlp.fc1, mlp.fc2, ls2.gamma}},
 * {@code norm}) with {@code cls_token}, {@code pos_embed} [1, N+1, D] (the class token has a
 * position, the {@code register_tokens} inserted after it have none) and {@code mask_token}
 * (ignored). The embedding is {@code x_norm_clstoken}, the class token after the final norm.
 */
public final class Dinov2Hub implements CheckpointFamily {

    @Override
    public String id() {
        return "dinov2-hub";
    }

    @Override
    public String title() {
        return "DINOv2 (facebookresearch/dinov2 torch.hub)";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.imagenetCrop(0.875, "bicubic", "DINOv2's evaluation transform (Resize 256 bicubic, CenterCrop 224)");
    }

    @Override
    public List<String> signature() {
        return List.of("patch_embed.proj.weight", "pos_embed", "blocks.0.attn.qkv.weight", "cls_token", "mask_token");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        Map<String, Tensor> in = new LinkedHashMap<>(weights.asMap());
        in.remove("mask_token");
        Tensor reg = in.remove("register_tokens"); // [1, R, D]
        StateDict canonical = TimmVit.canonical(StateDict.of(in));
        Map<String, Tensor> out = new LinkedHashMap<>(canonical.asMap());
        if (reg != null) {
            out.put("transformer.embeddings.register_tokens", reg);
        }
        VitConfig.Variant v = VitConfig.Variant.STANDARD.withPrefix(true, false, reg == null ? 0 : reg.dim(1), 1)
                .withLayerScale(weights.contains("blocks.0.ls1.gamma"))
                .withPatchBias(weights.contains("patch_embed.proj.bias"));
        return VitReading.read(this, StateDict.of(out), source, new VitReading.Defaults(v, VitConfig.Pooling.CLS, null,
                null, "head", List.of(), PositionEmbeddings.Resampling.DINOV2_HUB),
                List.of("mask_token (the mask token of masked-image training)"));
    }
}
