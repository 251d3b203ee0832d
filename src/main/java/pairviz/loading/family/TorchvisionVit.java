package pairviz.loading.family;

import pairviz.model.PositionEmbeddings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pairviz.PairvizException;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * torchvision's {@code VisionTransformer} ({@code vit_b_16}, ...; torchvision 0.12 on):
 * {@code conv_proj}, {@code class_token}, {@code encoder.pos_embedding},
 * {@code encoder.layers.encoder_layer_N.{ln_1, self_attention.in_proj_weight, ln_2, mlp.0, mlp.3}}
 * (before 0.13: {@code mlp.linear_1}, {@code mlp.linear_2}), {@code encoder.ln}, and {@code heads}:
 * torchvision's {@code heads.head} (with {@code heads.pre_logits} and tanh when
 * {@code representation_size} is set), or a user's embedding layer in its place
 * ({@code heads = nn.Linear(...)}: {@code heads.weight}; {@code nn.Sequential(nn.Linear(...))}:
 * {@code heads.0.weight}), or none ({@code heads = nn.Identity()}).
 *
 * <p>Class-token pooled as torchvision is; LayerNorm eps 1e-6. The head count comes from
 * torchvision's builders when the sizes are one of theirs (vit_h_14 has 16 heads, not width / 64).
 */
public final class TorchvisionVit implements CheckpointFamily {
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layers\\.encoder_layer_(\\d+)\\.(.*)$");

    /** torchvision's builders: patch, width, depth, MLP -> heads. */
    private record Builder(String name, int patch, int width, int depth, int mlp, int heads) {}

    private static final List<Builder> BUILDERS = List.of(
            new Builder("vit_b_16", 16, 768, 12, 3072, 12),
            new Builder("vit_b_32", 32, 768, 12, 3072, 12),
            new Builder("vit_l_16", 16, 1024, 24, 4096, 16),
            new Builder("vit_l_32", 32, 1024, 24, 4096, 16),
            new Builder("vit_h_14", 14, 1280, 32, 5120, 16));

    @Override
    public String id() {
        return "torchvision-vit";
    }

    @Override
    public String title() {
        return "torchvision VisionTransformer (vit_b_16, ...)";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.imagenetCrop(0.875, "bilinear", "torchvision's IMAGENET1K_V1 weights (Resize 256, CenterCrop 224)");
    }

    @Override
    public List<String> signature() {
        return List.of("conv_proj.weight", "class_token", "encoder.pos_embedding",
                "encoder.layers.encoder_layer_0.self_attention.in_proj_weight");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        if (weights.names().stream().anyMatch(n -> n.startsWith("conv_proj.conv_"))) {
            throw new PairvizException("checkpoint " + source.name()
                    + " has torchvision's convolutional stem (conv_proj.conv_bn_relu_*), which pairviz does not build");
        }
        StateDict canonical = canonical(weights, source.name());
        Tensor patch = canonical.require(AuthorsVit.PATCH_KERNEL, source.name()); // [D, 3, P, P]
        Tensor fc1 = canonical.require("transformer.encoder.layer.0.ffn.fc1.weight", source.name()); // [M, D]
        int depth = (int) weights.names().stream().filter(n -> n.endsWith(".self_attention.in_proj_weight")).count();
        Builder b = BUILDERS.stream().filter(x -> x.patch() == patch.dim(2) && x.width() == patch.dim(0)
                && x.depth() == depth && x.mlp() == fc1.dim(0)).findFirst().orElse(null);
        VitConfig.Variant v = VitConfig.Variant.STANDARD.withPatchBias(canonical.contains(
                "transformer.embeddings.patch_embeddings.bias"));
        return VitReading.read(this, canonical, source, new VitReading.Defaults(v, VitConfig.Pooling.CLS,
                b == null ? null : b.heads(), b == null ? null : "torchvision's " + b.name(), "heads", List.of(),
                PositionEmbeddings.Resampling.TORCHVISION), List.of());
    }

    /** The checkpoint in the network's names; names it does not know pass through (and are reported when loaded). */
    static StateDict canonical(StateDict in, String source) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<String> headLinears = new ArrayList<>();
        in.asMap().forEach((name, t) -> {
            Matcher m = LAYER.matcher(name);
            if (m.matches()) {
                String layer = "transformer.encoder.layer." + m.group(1) + ".";
                String rest = m.group(2);
                switch (rest) {
                    case "self_attention.in_proj_weight" -> VitReading.putQkv(out, layer, "weight", t); // [3D, D]
                    case "self_attention.in_proj_bias" -> VitReading.putQkv(out, layer, "bias", t); // [3D]
                    default -> out.put(layer + rest.replace("ln_1.", "attention_norm.")
                            .replace("self_attention.out_proj.", "attn.out.").replace("ln_2.", "ffn_norm.")
                            .replace("mlp.0.", "ffn.fc1.").replace("mlp.linear_1.", "ffn.fc1.")
                            .replace("mlp.3.", "ffn.fc2.").replace("mlp.linear_2.", "ffn.fc2."), t);
                }
                return;
            }
            String renamed = switch (name) {
                case "class_token" -> "transformer.embeddings.cls_token";
                case "encoder.pos_embedding" -> VitReading.POSITIONS;
                case "conv_proj.weight" -> AuthorsVit.PATCH_KERNEL;
                case "conv_proj.bias" -> "transformer.embeddings.patch_embeddings.bias";
                case "encoder.ln.weight" -> "transformer.encoder.encoder_norm.weight";
                case "encoder.ln.bias" -> "transformer.encoder.encoder_norm.bias";
                case "heads.weight", "heads.head.weight", "heads.0.weight" -> "head.weight";
                case "heads.bias", "heads.head.bias", "heads.0.bias" -> "head.bias";
                case "heads.pre_logits.weight" -> "pre_logits.weight";
                case "heads.pre_logits.bias" -> "pre_logits.bias";
                default -> name;
            };
            if (name.startsWith("heads.") && name.endsWith(".weight") && !renamed.equals("pre_logits.weight")) {
                headLinears.add(name);
            }
            out.put(renamed, t);
        });
        if (headLinears.size() > 1 && !in.contains("heads.pre_logits.weight")) {
            throw new PairvizException("checkpoint " + source + ": heads holds several layers ("
                    + String.join(", ", headLinears.stream().sorted().toList()) + "); pairviz reads one linear embedding layer there, or "
                    + "torchvision's pre_logits + tanh + head");
        }
        return StateDict.of(out);
    }
}
