package pairviz.loading.family;

import pairviz.model.PositionEmbeddings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * What every ViT family does once its tensors carry the network's names ({@link AuthorsVit}'s, and
 * the extras of {@link pairviz.model.vit.VisionTransformer}): drops an ImageNet classifier head,
 * reads the sizes off the shapes, takes the head count and pooling from the options (or the
 * family's defaults), and resamples the position embeddings when another input size is asked for.
 */
final class VitReading {
    private VitReading() {}

    static final String POSITIONS = "transformer.embeddings.position_embeddings";
    private static final Pattern LAYER = Pattern.compile("^transformer\\.encoder\\.layer\\.(\\d+)\\.");

    /**
     * What a family knows beyond the tensors.
     *
     * @param variant the family's network variant; its prefix tokens and head are read from the
     *     tensors (a classifier head is dropped, no head means none)
     * @param pooling the family's pooling when the options name none
     * @param heads the family's head count when the options name none (null: width / 64)
     * @param headsWhy where {@code heads} comes from, for the note (null: no note)
     * @param headName the head's name in the family's own checkpoints, for messages
     * @param notes what the family already has to say
     * @param resampling how the family's library resamples position embeddings for another input size
     */
    record Defaults(VitConfig.Variant variant, VitConfig.Pooling pooling, Integer heads, String headsWhy,
            String headName, List<String> notes, PositionEmbeddings.Resampling resampling) {}

    /** Reads a checkpoint in the network's names; {@code ignored} lists what the family already set aside. */
    static CheckpointReading read(CheckpointFamily family, StateDict canonical, CheckpointSource source,
            Defaults d, List<String> ignored) {
        String name = source.name();
        Map<String, Tensor> w = new LinkedHashMap<>(canonical.asMap());
        List<String> ignoredOut = new ArrayList<>(ignored);
        List<String> notes = new ArrayList<>(d.notes());
        Tensor head = w.get("head.weight"); // [E, D']
        if (head != null && ClassifierHeads.isClassifier(head.dim(0))) {
            List<String> dropped = new ArrayList<>();
            for (String n : List.of("head.weight", "head.bias", "head_dist.weight", "head_dist.bias")) {
                if (w.remove(n) != null) {
                    dropped.add(n);
                }
            }
            ignoredOut.add(d.headName() + " (" + dropped.size() + " tensors: classifier head, " + head.dim(0)
                    + " classes; the embedding is the features before it)");
            head = null;
        }
        Tensor patch = canonical.require(AuthorsVit.PATCH_KERNEL, name); // [D, 3, P, P]
        Tensor fc1 = canonical.require("transformer.encoder.layer.0.ffn.fc1.weight", name); // [M, D]
        Tensor preLogits = w.get("pre_logits.weight"); // [R, D]
        int width = patch.dim(0);
        int patchSize = patch.dim(2);
        VitConfig.Variant v = d.variant().withHead(preLogits == null ? 0 : preLogits.dim(0),
                head == null ? VitConfig.Head.NONE
                        : w.containsKey("head.bias") ? VitConfig.Head.LINEAR : VitConfig.Head.LINEAR_NO_BIAS);
        int outDim = head != null ? head.dim(0) : preLogits != null ? preLogits.dim(0) : width;
        Tensor pos = canonical.require(POSITIONS, name); // [1, positioned + N, D]
        int positioned = v.positionedPrefix();
        int tokens = pos.dim(1) - positioned;
        int grid = PositionEmbeddings.gridSide(tokens);
        if (grid < 0) {
            throw new PairvizException("checkpoint " + name + ": " + tokens + " position embeddings do not form a square grid");
        }
        ModelOptions opts = source.options();
        int imageSize = grid * patchSize;
        Integer asked = opts.imageSize();
        if (asked != null && asked != imageSize) {
            if (asked % patchSize != 0) {
                throw new BadParameterException("checkpoint " + name + " has patches of " + patchSize + " pixels: {size} "
                        + asked + " is not a multiple of " + patchSize);
            }
            int k = asked / patchSize;
            w.put(POSITIONS, PositionEmbeddings.resample(pos, positioned, k, d.resampling()));
            notes.add("position embeddings interpolated from " + grid + "x" + grid + " to " + k + "x" + k
                    + " (" + d.resampling().words + ") for " + asked + " x " + asked + " input");
            imageSize = asked;
        }
        int heads;
        if (opts.heads() != null) {
            heads = opts.heads();
        } else if (d.heads() != null) {
            heads = d.heads();
            if (d.headsWhy() != null) {
                notes.add(heads + " attention heads (" + d.headsWhy() + "; another head count can be given)");
            }
        } else {
            heads = Math.max(1, width / 64);
        }
        VitConfig.Pooling pooling = opts.pooling() != null ? opts.pooling() : d.pooling();
        try {
            VitConfig config = new VitConfig(imageSize, patchSize, width, canonical.countIndices(LAYER), heads,
                    fc1.dim(0), outDim, pooling, v);
            return new CheckpointReading(family, config, StateDict.of(w), ignoredOut, notes);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("checkpoint " + name + ": " + e.getMessage()
                    + (e.getMessage().contains("heads") ? " (set {heads})" : ""));
        }
    }

    /**
     * {@code name} with the first matching prefix replaced: {@code rules} are pairs
     * {from, to}; {@code name} itself when none matches.
     */
    static String renamePrefix(String name, String[][] rules) {
        for (String[] r : rules) {
            if (name.startsWith(r[0])) {
                return r[1] + name.substring(r[0].length());
            }
        }
        return name;
    }

    /** The LayerNorm epsilon and activation a config.json names, with the family's defaults. */
    static VitConfig.Variant fromConfig(VitConfig.Variant v, HuggingFaceConfig config, double eps, String act) {
        String a = config.text("hidden_act", act);
        if (!a.equals("gelu") && !a.equals("quick_gelu")) {
            throw new PairvizException("config.json names the activation " + a + "; pairviz builds gelu and quick_gelu");
        }
        return v.withLnEps((float) config.number("layer_norm_eps", eps))
                .withActivation(a.equals("quick_gelu") ? VitConfig.Activation.QUICK_GELU : VitConfig.Activation.GELU);
    }

    /** Splits a fused [3D, ...] query-key-value tensor into {@code prefix}attn.query/key/value.{@code kind}. */
    static void putQkv(Map<String, Tensor> out, String layer, String kind, Tensor qkv) {
        Tensor[] parts = Tensors.splitRows(qkv, 3);
        out.put(layer + "attn.query." + kind, parts[0]);
        out.put(layer + "attn.key." + kind, parts[1]);
        out.put(layer + "attn.value." + kind, parts[2]);
    }
}
