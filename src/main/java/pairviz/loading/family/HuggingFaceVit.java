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
 * Hugging Face transformers' {@code ViTModel} and {@code DeiTModel} (and their
 * {@code ...ForImageClassification} / {@code ...WithTeacher} heads, under {@code vit.} /
 * {@code deit.}): {@code embeddings.{cls_token, distillation_token, position_embeddings,
 * patch_embeddings.projection}}, {@code encoder.layer.N.{layernorm_before,
 * attention.attention.query/key/value, attention.output.dense, layernorm_after, intermediate.dense,
 * output.dense}}, {@code layernorm}, {@code pooler.dense}; {@code config.json} beside the weights
 * gives the head count, LayerNorm eps (1e-12 by default) and activation.
 *
 * <p>The embedding is what the model gives: the pooler ({@code pooler_output}: dense + tanh on
 * the class token) when the file has one; else the classifier's input or a non-ImageNet
 * {@code classifier} as the head; DeiT's teacher model averages {@code cls_classifier} on the class
 * token and {@code distillation_classifier} on the distillation token (and with no head, the two
 * tokens). With a pooler the distillation token goes through the encoder but the embedding does not read it.
 */
public final class HuggingFaceVit implements CheckpointFamily {
    static final String PATCH = "embeddings.patch_embeddings.projection.weight";
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.(.*)$");
    private static final String[][] LAYER_RULES = {
            {"layernorm_before.", "attention_norm."}, {"layernorm_after.", "ffn_norm."},
            {"attention.attention.query.", "attn.query."}, {"attention.attention.key.", "attn.key."},
            {"attention.attention.value.", "attn.value."}, {"attention.output.dense.", "attn.out."},
            {"intermediate.dense.", "ffn.fc1."}, {"output.dense.", "ffn.fc2."},
            // Dinov2Model's
            {"norm1.", "attention_norm."}, {"norm2.", "ffn_norm."}, {"layer_scale1.lambda1", "ls1.gamma"},
            {"layer_scale2.lambda1", "ls2.gamma"}, {"mlp.fc1.", "ffn.fc1."}, {"mlp.fc2.", "ffn.fc2."}};

    @Override
    public String id() {
        return "hf-vit";
    }

    @Override
    public String title() {
        return "Hugging Face ViTModel / DeiTModel";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.huggingFaceBeside(source);
    }

    @Override
    public List<String> signature() {
        return List.of(PATCH, "embeddings.cls_token", "encoder.layer.0.attention.attention.query.weight",
                "encoder.layer.0.layernorm_before.weight");
    }

    @Override
    public boolean matches(StateDict weights) {
        return signature().stream().allMatch(n -> weights.contains(modelPrefix(weights) + n));
    }

    /** What the names start with: {@code vit.}, {@code deit.}, {@code dinov2.} in a model with a head, else nothing. */
    static String modelPrefix(StateDict weights) {
        return weights.names().stream().filter(n -> n.endsWith(PATCH)).findFirst()
                .map(n -> n.substring(0, n.length() - PATCH.length())).orElse("");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        HuggingFaceConfig config = HuggingFaceConfig.beside(source);
        StateDict w = weights.stripPrefix(modelPrefix(weights));
        boolean pooler = w.contains("pooler.dense.weight");
        boolean dist = w.contains("embeddings.distillation_token");
        boolean readsDist = dist && !pooler;
        VitConfig.Variant v = VitReading.fromConfig(VitConfig.Variant.STANDARD, config, 1e-12, "gelu")
                .withPrefix(true, dist, 0, dist ? 2 : 1).withReadsDistillation(readsDist)
                .withPatchBias(w.contains("embeddings.patch_embeddings.projection.bias"));
        return read(this, w, source, config, v, "classifier", PositionEmbeddings.Resampling.PLAIN);
    }

    /** The reading shared with {@link HuggingFaceDinov2}: renamed, mask token ignored, head count from config.json,
     * position embeddings resampled as {@code resampling}. */
    static CheckpointReading read(CheckpointFamily family, StateDict w, CheckpointSource source, HuggingFaceConfig config,
            VitConfig.Variant v, String headName, PositionEmbeddings.Resampling resampling) {
        List<String> ignored = new ArrayList<>();
        Map<String, Tensor> out = new LinkedHashMap<>();
        boolean teacher = w.contains("cls_classifier.weight");
        w.asMap().forEach((name, t) -> {
            Matcher m = LAYER.matcher(name);
            if (m.matches()) {
                String layer = "transformer.encoder.layer." + m.group(1) + ".";
                out.put(layer + VitReading.renamePrefix(m.group(2), LAYER_RULES), t);
                return;
            }
            if (name.equals("embeddings.mask_token")) {
                ignored.add(name + " (the mask token of masked-image training)");
                return;
            }
            String renamed = switch (name) {
                case "embeddings.cls_token" -> "transformer.embeddings.cls_token";
                case "embeddings.distillation_token" -> "transformer.embeddings.dist_token";
                case "embeddings.register_tokens" -> "transformer.embeddings.register_tokens";
                case "embeddings.position_embeddings" -> VitReading.POSITIONS;
                case "layernorm.weight" -> "transformer.encoder.encoder_norm.weight";
                case "layernorm.bias" -> "transformer.encoder.encoder_norm.bias";
                default -> VitReading.renamePrefix(name, new String[][] {
                        {PATCH.substring(0, PATCH.length() - "weight".length()), "transformer.embeddings.patch_embeddings."},
                        {"pooler.dense.", "pre_logits."}, {"classifier.", "head."}, {"cls_classifier.", "head."},
                        {"distillation_classifier.", "head_dist."}});
            };
            out.put(renamed, t);
        });
        Integer heads = config.integer("num_attention_heads");
        List<String> notes = new ArrayList<>();
        if (!config.found()) {
            notes.add("no config.json beside the weights: LayerNorm eps " + v.lnEps() + ", " + v.activation()
                    .name().toLowerCase(java.util.Locale.ROOT) + ", width / 64 heads assumed");
        }
        if (w.contains("pooler.dense.weight")) {
            notes.add("the embedding is the pooler's output (dense + tanh on the class token)");
        }
        return VitReading.read(family, StateDict.of(out), source, new VitReading.Defaults(v, VitConfig.Pooling.CLS,
                heads, heads == null ? null : "config.json", teacher ? "cls_classifier, distillation_classifier" : headName,
                notes, resampling), ignored);
    }
}
