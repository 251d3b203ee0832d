package pairviz.loading.family;

import pairviz.model.PositionEmbeddings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * Hugging Face transformers' CLIP vision tower: {@code CLIPVisionModel},
 * {@code CLIPVisionModelWithProjection} and the vision half of a whole {@code CLIPModel}
 * ({@code vision_model.embeddings.{class_embedding, patch_embedding, position_embedding.weight}},
 * {@code vision_model.pre_layrnorm}, {@code vision_model.encoder.layers.N.{layer_norm1,
 * self_attn.q_proj/k_proj/v_proj/out_proj, layer_norm2, mlp.fc1, mlp.fc2}},
 * {@code vision_model.post_layernorm}, {@code visual_projection}). The embedding is
 * {@code image_embeds}, the projection of the class token after {@code post_layernorm}, or with no
 * projection the pooler output (that class token). The text tower is ignored. config.json (its
 * {@code vision_config} for a CLIPModel) gives the head count, eps (1e-5) and activation (quick_gelu).
 */
public final class HuggingFaceClip implements CheckpointFamily {
    private static final Pattern LAYER = Pattern.compile("^vision_model\\.encoder\\.layers\\.(\\d+)\\.(.*)$");
    private static final String[][] LAYER_RULES = {
            {"layer_norm1.", "attention_norm."}, {"layer_norm2.", "ffn_norm."}, {"self_attn.q_proj.", "attn.query."},
            {"self_attn.k_proj.", "attn.key."}, {"self_attn.v_proj.", "attn.value."}, {"self_attn.out_proj.", "attn.out."},
            {"mlp.fc1.", "ffn.fc1."}, {"mlp.fc2.", "ffn.fc2."}};
    private static final String[][] RULES = {
            {"vision_model.embeddings.patch_embedding.", "transformer.embeddings.patch_embeddings."},
            {"vision_model.pre_layrnorm.", "transformer.pre_norm."},
            {"vision_model.post_layernorm.", "transformer.encoder.encoder_norm."},
            {"visual_projection.", "head."}};

    @Override
    public String id() {
        return "hf-clip";
    }

    @Override
    public String title() {
        return "Hugging Face CLIPVisionModel(WithProjection) / CLIPModel";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.huggingFaceBeside(source).or(PreprocessingHints.centreCrop(1.0, "bicubic",
                PreprocessingHints.CLIP, "OpenAI CLIP's preprocessing"));
    }

    @Override
    public List<String> signature() {
        return List.of("vision_model.embeddings.patch_embedding.weight", "vision_model.embeddings.class_embedding",
                "vision_model.encoder.layers.0.self_attn.q_proj.weight");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        HuggingFaceConfig config = HuggingFaceConfig.beside(source);
        List<String> ignored = new ArrayList<>();
        List<String> text = new ArrayList<>();
        Map<String, Tensor> out = new LinkedHashMap<>();
        weights.asMap().forEach((name, t) -> {
            Matcher m = LAYER.matcher(name);
            if (m.matches()) {
                String layer = "transformer.encoder.layer." + m.group(1) + ".";
                out.put(layer + VitReading.renamePrefix(m.group(2), LAYER_RULES), t);
            } else if (name.equals("vision_model.embeddings.class_embedding")) {
                out.put("transformer.embeddings.cls_token", Tensors.reshaped(t, 1, 1, t.dim(0))); // [D] -> [1, 1, D]
            } else if (name.equals("vision_model.embeddings.position_embedding.weight")) {
                out.put(VitReading.POSITIONS, Tensors.reshaped(t, 1, t.dim(0), t.dim(1))); // [N+1, D] -> [1, N+1, D]
            } else if (name.equals("vision_model.embeddings.position_ids")) {
                ignored.add(name + " (token indices)");
            } else if (name.startsWith("text_model.") || name.equals("text_projection.weight") || name.equals("logit_scale")) {
                text.add(name);
            } else {
                out.put(VitReading.renamePrefix(name, RULES), t);
            }
        });
        if (!text.isEmpty()) {
            ignored.add(text.size() + " tensors of the text tower (text_model.*, text_projection, logit_scale)");
        }
        VitConfig.Variant v = VitReading.fromConfig(VitConfig.Variant.STANDARD, config, 1e-5, "quick_gelu")
                .withPatchBias(out.containsKey("transformer.embeddings.patch_embeddings.bias")).withPreNorm(true);
        Integer heads = config.integer("num_attention_heads");
        List<String> notes = new ArrayList<>();
        if (!config.found()) {
            notes.add("no config.json beside the weights: LayerNorm eps 1e-5, quick_gelu, width / 64 heads assumed");
        }
        return VitReading.read(this, StateDict.of(out), source, new VitReading.Defaults(v, VitConfig.Pooling.CLS,
                heads, heads == null ? null : "config.json", "visual_projection", notes,
                PositionEmbeddings.Resampling.PLAIN), ignored);
    }
}
