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
 * The vision tower of OpenAI's CLIP and of OpenCLIP ({@code visual.conv1}, {@code
 * visual.class_embedding}, {@code visual.positional_embedding}, {@code visual.ln_pre}, {@code
 * visual.transformer.resblocks.N.{ln_1, attn.in_proj_weight, attn.out_proj, ln_2, mlp.c_fc,
 * mlp.c_proj, ls_1.gamma, ls_2.gamma}}, {@code visual.ln_post}, {@code visual.proj} [D, E] used as
 * {@code x @ proj}). The embedding is {@code ln_post(x[:, 0]) @ proj}; the text tower is ignored.
 * LayerNorm eps 1e-5.
 *
 * <p>The names do not tell OpenAI's QuickGELU from the exact GELU of most OpenCLIP models: QuickGELU
 * is assumed (OpenAI's, and OpenCLIP's {@code -quickgelu} models) unless the file has LayerScale
 * (OpenCLIP only) or its safetensors metadata says {@code activation=gelu}.
 */
public final class OpenClipVisual implements CheckpointFamily {
    /** The safetensors metadata key that names the activation, {@code gelu} or {@code quick_gelu}. */
    public static final String ACTIVATION = "activation";
    private static final Pattern LAYER = Pattern.compile("^visual\\.transformer\\.resblocks\\.(\\d+)\\.(.*)$");
    private static final String[][] LAYER_RULES = {
            {"ln_1.", "attention_norm."}, {"ln_2.", "ffn_norm."}, {"attn.out_proj.", "attn.out."},
            {"mlp.c_fc.", "ffn.fc1."}, {"mlp.c_proj.", "ffn.fc2."}, {"ls_1.gamma", "ls1.gamma"}, {"ls_2.gamma", "ls2.gamma"}};
    private static final String[][] RULES = {
            {"visual.conv1.", "transformer.embeddings.patch_embeddings."}, {"visual.ln_pre.", "transformer.pre_norm."},
            {"visual.ln_post.", "transformer.encoder.encoder_norm."}};
    /** OpenCLIP's released towers whose head width is not 64: width, depth -> heads. */
    private static final Map<List<Integer>, Integer> WIDE_HEADS = Map.of(
            List.of(1280, 32), 16, List.of(1408, 40), 16, List.of(1664, 48), 16);

    @Override
    public String id() {
        return "openai-clip";
    }

    @Override
    public String title() {
        return "OpenAI CLIP / OpenCLIP vision tower (visual.*)";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.centreCrop(1.0, "bicubic", PreprocessingHints.CLIP,
                "OpenCLIP's preprocessing (OpenAI CLIP's statistics)");
    }

    @Override
    public List<String> signature() {
        return List.of("visual.conv1.weight", "visual.class_embedding", "visual.transformer.resblocks.0.attn.in_proj_weight");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        List<String> ignored = new ArrayList<>();
        List<String> other = new ArrayList<>();
        Map<String, Tensor> out = new LinkedHashMap<>();
        weights.asMap().forEach((name, t) -> {
            Matcher m = LAYER.matcher(name);
            if (m.matches()) {
                String layer = "transformer.encoder.layer." + m.group(1) + ".";
                switch (m.group(2)) {
                    case "attn.in_proj_weight" -> VitReading.putQkv(out, layer, "weight", t); // [3D, D]
                    case "attn.in_proj_bias" -> VitReading.putQkv(out, layer, "bias", t); // [3D]
                    default -> out.put(layer + VitReading.renamePrefix(m.group(2), LAYER_RULES), t);
                }
            } else if (name.equals("visual.class_embedding")) {
                out.put("transformer.embeddings.cls_token", Tensors.reshaped(t, 1, 1, t.dim(0))); // [D] -> [1, 1, D]
            } else if (name.equals("visual.positional_embedding")) {
                out.put(VitReading.POSITIONS, Tensors.reshaped(t, 1, t.dim(0), t.dim(1))); // [N+1, D] -> [1, N+1, D]
            } else if (name.equals("visual.proj")) {
                out.put("head.weight", Tensors.transposed(t)); // x @ proj [D, E] = x W^T with W [E, D]
            } else if (name.startsWith("visual.")) {
                out.put(VitReading.renamePrefix(name, RULES), t);
            } else {
                other.add(name);
            }
        });
        if (!other.isEmpty()) {
            ignored.add(other.size() + " tensors outside visual.* (the text tower, logit_scale, JIT scalars)");
        }
        boolean layerScale = out.containsKey("transformer.encoder.layer.0.ls1.gamma");
        List<String> notes = new ArrayList<>();
        VitConfig.Activation act = activation(source, layerScale, notes);
        VitConfig.Variant v = VitConfig.Variant.STANDARD.withLnEps(1e-5f).withPreNorm(true).withLayerScale(layerScale)
                .withActivation(act).withPatchBias(out.containsKey("transformer.embeddings.patch_embeddings.bias"));
        Tensor patch = weights.require("visual.conv1.weight", source.name()); // [D, 3, P, P]
        int depth = (int) weights.names().stream().filter(n -> n.startsWith("visual.") && n.endsWith("attn.in_proj_weight")).count();
        Integer heads = WIDE_HEADS.get(List.of(patch.dim(0), depth));
        return VitReading.read(this, StateDict.of(out), source, new VitReading.Defaults(v, VitConfig.Pooling.CLS,
                heads, heads == null ? null : "OpenCLIP's tower of this width and depth", "visual.proj", notes,
                PositionEmbeddings.Resampling.TIMM), ignored);
    }

    private static VitConfig.Activation activation(CheckpointSource source, boolean layerScale, List<String> notes) {
        String named = source.metadata().get(ACTIVATION);
        if (named != null) {
            return switch (named.strip()) {
                case "gelu" -> VitConfig.Activation.GELU;
                case "quick_gelu" -> VitConfig.Activation.QUICK_GELU;
                default -> throw new PairvizException("checkpoint " + source.name() + ": metadata activation = '" + named
                        + "' is neither gelu nor quick_gelu");
            };
        }
        if (layerScale) {
            notes.add("exact GELU (the file has LayerScale, which only OpenCLIP models have)");
            return VitConfig.Activation.GELU;
        }
        notes.add("QuickGELU assumed (OpenAI's CLIP; OpenCLIP -quickgelu models); for an OpenCLIP model trained "
                + "with GELU, write the weights as safetensors with metadata activation=gelu");
        return VitConfig.Activation.QUICK_GELU;
    }
}
