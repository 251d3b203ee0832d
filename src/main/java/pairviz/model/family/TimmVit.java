package pairviz.model.family;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * timm's {@code vit_*} VisionTransformer ({@code patch_embed.proj}, {@code blocks.i.attn.qkv},
 * {@code norm}, {@code head}): renamed into the {@link AuthorsVit} names, the fused {@code qkv}
 * split into query, key and value.
 */
public final class TimmVit implements CheckpointFamily {
    private static final Pattern BLOCK = Pattern.compile("^blocks\\.(\\d+)\\.(.*)$");

    @Override
    public String id() {
        return "timm-vit";
    }

    @Override
    public String title() {
        return "timm VisionTransformer (vit_*)";
    }

    @Override
    public List<String> signature() {
        return List.of("patch_embed.proj.weight", "pos_embed", "blocks.0.attn.qkv.weight");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        StateDict canonical = canonical(weights);
        return CheckpointReading.plain(this, AuthorsVit.readCanonical(canonical, source), canonical);
    }

    /** The checkpoint in the authors' names; names it does not know pass through (and are reported when loaded). */
    static StateDict canonical(StateDict in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        in.asMap().forEach((name, t) -> {
            Matcher m = BLOCK.matcher(name);
            if (m.matches()) {
                String layer = "transformer.encoder.layer." + m.group(1) + ".";
                String rest = m.group(2);
                if (rest.startsWith("attn.qkv.")) {
                    String kind = rest.substring("attn.qkv.".length()); // weight [3D, D] or bias [3D]
                    Tensor[] parts = Tensors.splitRows(t, 3);
                    out.put(layer + "attn.query." + kind, parts[0]);
                    out.put(layer + "attn.key." + kind, parts[1]);
                    out.put(layer + "attn.value." + kind, parts[2]);
                    return;
                }
                out.put(layer + rest.replace("norm1.", "attention_norm.").replace("attn.proj.", "attn.out.")
                        .replace("norm2.", "ffn_norm.").replace("mlp.", "ffn."), t);
                return;
            }
            String renamed = switch (name) {
                case "cls_token" -> "transformer.embeddings.cls_token";
                case "pos_embed" -> "transformer.embeddings.position_embeddings";
                case "patch_embed.proj.weight" -> AuthorsVit.PATCH_KERNEL;
                case "patch_embed.proj.bias" -> "transformer.embeddings.patch_embeddings.bias";
                case "norm.weight" -> "transformer.encoder.encoder_norm.weight";
                case "norm.bias" -> "transformer.encoder.encoder_norm.bias";
                default -> name;
            };
            out.put(renamed, t);
        });
        return StateDict.of(out);
    }
}
