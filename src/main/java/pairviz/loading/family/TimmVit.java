package pairviz.loading.family;

import pairviz.model.PositionEmbeddings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * timm's VisionTransformer and its relatives: {@code vit_*} ({@code patch_embed.proj},
 * {@code blocks.i.attn.qkv}, {@code norm}, {@code head}), {@code deit_*} (with the distillation
 * token {@code dist_token} and {@code head_dist}), {@code vit_*_dinov2*} (LayerScale
 * {@code ls1.gamma}/{@code ls2.gamma}, register tokens {@code reg_token}), {@code global_pool='avg'}
 * ({@code fc_norm}), {@code norm_pre}. Renamed into the network's names, the fused {@code qkv}
 * split into query, key and value.
 *
 * <p>Pooling as timm's default: the class token ({@code global_pool='token'}); the mean of the
 * patch tokens when the checkpoint has {@code fc_norm} (timm's {@code 'avg'}) or no class token.
 * Position embeddings cover the prefix tokens too unless their count says otherwise (timm's
 * {@code no_embed_class}, as in the DINOv2 models with registers).
 */
public final class TimmVit implements CheckpointFamily {
    private static final Pattern BLOCK = Pattern.compile("^blocks\\.(\\d+)\\.(.*)$");

    @Override
    public String id() {
        return "timm-vit";
    }

    @Override
    public String title() {
        return "timm VisionTransformer (vit_*, deit_*, vit_*_dinov2*)";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.timmBeside(source);
    }

    @Override
    public List<String> signature() {
        return List.of("patch_embed.proj.weight", "pos_embed", "blocks.0.attn.qkv.weight");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        boolean cls = weights.contains("cls_token");
        boolean dist = weights.contains("dist_token");
        Tensor reg = weights.get("reg_token"); // [1, R, D]
        int registers = reg == null ? 0 : reg.dim(1);
        int prefix = (cls ? 1 : 0) + (dist ? 1 : 0) + registers;
        Tensor pos = weights.require("pos_embed", source.name()); // [1, positioned + N, D]
        VitConfig.Variant v = VitConfig.Variant.STANDARD
                .withPrefix(cls, dist, registers, positioned(pos.dim(1), prefix))
                .withPatchBias(weights.contains("patch_embed.proj.bias"))
                .withPreNorm(weights.contains("norm_pre.weight"))
                .withLayerScale(weights.contains("blocks.0.ls1.gamma"))
                .withFcNorm(weights.contains("fc_norm.weight"));
        VitConfig.Pooling pooling = cls && !v.fcNorm() ? VitConfig.Pooling.CLS : VitConfig.Pooling.MEAN;
        return VitReading.read(this, canonical(weights), source,
                new VitReading.Defaults(v, pooling, null, null, dist ? "head, head_dist" : "head", List.of(),
                        PositionEmbeddings.Resampling.TIMM), List.of());
    }

    /**
     * How many prefix tokens carry a position embedding: all of them when the rest is a square
     * grid (timm's default), none when all of the embeddings are (timm's {@code no_embed_class}).
     */
    static int positioned(int embeddings, int prefix) {
        return isSquare(embeddings - prefix) || !isSquare(embeddings) ? prefix : 0;
    }

    private static boolean isSquare(int n) {
        return PositionEmbeddings.gridSide(n) > 0;
    }

    /** The checkpoint in the network's names; names it does not know pass through (and are reported when loaded). */
    static StateDict canonical(StateDict in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        in.asMap().forEach((name, t) -> {
            Matcher m = BLOCK.matcher(name);
            if (m.matches()) {
                String layer = "transformer.encoder.layer." + m.group(1) + ".";
                String rest = m.group(2);
                if (rest.startsWith("attn.qkv.")) {
                    VitReading.putQkv(out, layer, rest.substring("attn.qkv.".length()), t); // [3D, D] or [3D]
                    return;
                }
                out.put(layer + rest.replace("norm1.", "attention_norm.").replace("attn.proj.", "attn.out.")
                        .replace("norm2.", "ffn_norm.").replace("mlp.", "ffn."), t);
                return;
            }
            String renamed = switch (name) {
                case "cls_token" -> "transformer.embeddings.cls_token";
                case "dist_token" -> "transformer.embeddings.dist_token";
                case "reg_token" -> "transformer.embeddings.register_tokens";
                case "pos_embed" -> VitReading.POSITIONS;
                case "patch_embed.proj.weight" -> AuthorsVit.PATCH_KERNEL;
                case "patch_embed.proj.bias" -> "transformer.embeddings.patch_embeddings.bias";
                case "norm_pre.weight" -> "transformer.pre_norm.weight";
                case "norm_pre.bias" -> "transformer.pre_norm.bias";
                case "norm.weight" -> "transformer.encoder.encoder_norm.weight";
                case "norm.bias" -> "transformer.encoder.encoder_norm.bias";
                default -> name; // head.*, head_dist.*, fc_norm.* are the network's names already
            };
            out.put(renamed, t);
        });
        return StateDict.of(out);
    }
}
