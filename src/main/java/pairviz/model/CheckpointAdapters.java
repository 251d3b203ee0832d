package pairviz.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * Renames foreign checkpoints into pairviz's canonical names (the authors' names, docs/reference.md sections 1
 * and 2). One pure function: the state dict in, the state dict out, nothing else touched.
 *
 * <p>Understood: the authors' checkpoints (kept as they are), timm's {@code vit_*} models (fused
 * {@code qkv} split into query, key and value) and timm's {@code resnetv2_*} BiT models.
 */
public final class CheckpointAdapters {
    private CheckpointAdapters() {}

    private static final Pattern TIMM_BLOCK = Pattern.compile("^blocks\\.(\\d+)\\.(.*)$");
    private static final Pattern TIMM_UNIT = Pattern.compile("^stages\\.(\\d+)\\.blocks\\.(\\d+)\\.(.*)$");

    /** The checkpoint in canonical names; unknown names pass through unchanged (and are reported later). */
    public static StateDict canonical(StateDict in) {
        if (in.contains("patch_embed.proj.weight")) {
            return fromTimmVit(in);
        }
        if (in.contains("stem.conv.weight")) {
            return fromTimmResNetV2(in);
        }
        return in;
    }

    private static StateDict fromTimmVit(StateDict in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        in.asMap().forEach((name, t) -> {
            Matcher m = TIMM_BLOCK.matcher(name);
            if (m.matches()) {
                String layer = "transformer.encoder.layer." + m.group(1) + ".";
                String rest = m.group(2);
                if (rest.startsWith("attn.qkv.")) {
                    String kind = rest.substring("attn.qkv.".length()); // weight [3D, D] or bias [3D]
                    Tensor[] parts = splitRows(t, 3);
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
                case "patch_embed.proj.weight" -> "transformer.embeddings.patch_embeddings.weight";
                case "patch_embed.proj.bias" -> "transformer.embeddings.patch_embeddings.bias";
                case "norm.weight" -> "transformer.encoder.encoder_norm.weight";
                case "norm.bias" -> "transformer.encoder.encoder_norm.bias";
                default -> name;
            };
            out.put(renamed, t);
        });
        return StateDict.of(out);
    }

    private static StateDict fromTimmResNetV2(StateDict in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        in.asMap().forEach((name, t) -> {
            Matcher m = TIMM_UNIT.matcher(name);
            if (m.matches()) {
                String unit = String.format("body.block%d.unit%02d.",
                        Integer.parseInt(m.group(1)) + 1, Integer.parseInt(m.group(2)) + 1);
                String rest = m.group(3).replace("norm1.", "gn1.").replace("norm2.", "gn2.").replace("norm3.", "gn3.")
                        .replace("downsample.conv.", "downsample.");
                out.put(unit + rest, t);
                return;
            }
            String renamed = switch (name) {
                case "stem.conv.weight" -> "root.conv.weight";
                case "norm.weight" -> "head.gn.weight";
                case "norm.bias" -> "head.gn.bias";
                case "head.fc.weight" -> "head.conv.weight";
                case "head.fc.bias" -> "head.conv.bias";
                default -> name;
            };
            out.put(renamed, t);
        });
        return StateDict.of(out);
    }

    /** Splits a tensor along its first axis into {@code parts} equal tensors. */
    static Tensor[] splitRows(Tensor t, int parts) {
        long[] shape = t.shape().clone();
        shape[0] /= parts;
        int size = t.data().length / parts;
        Tensor[] out = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = new Tensor(shape.clone(), Arrays.copyOfRange(t.data(), i * size, (i + 1) * size));
        }
        return out;
    }
}
