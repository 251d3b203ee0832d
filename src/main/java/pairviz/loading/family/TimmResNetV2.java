package pairviz.loading.family;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * timm's {@code resnetv2_*} BiT models ({@code stem.conv}, {@code stages.s.blocks.b},
 * {@code norm}, {@code head.fc}): renamed into the {@link BitResNetV2} names.
 */
public final class TimmResNetV2 implements CheckpointFamily {
    private static final Pattern UNIT = Pattern.compile("^stages\\.(\\d+)\\.blocks\\.(\\d+)\\.(.*)$");

    @Override
    public String id() {
        return "timm-resnetv2";
    }

    @Override
    public String title() {
        return "timm ResNetV2 (resnetv2_*, BiT)";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.timmBeside(source);
    }

    @Override
    public List<String> signature() {
        return List.of("stem.conv.weight");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        StateDict canonical = canonical(weights);
        return CheckpointReading.plain(this, BitResNetV2.readCanonical(canonical, source), canonical);
    }

    /** The checkpoint in BiT's names; names it does not know pass through (and are reported when loaded). */
    static StateDict canonical(StateDict in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        in.asMap().forEach((name, t) -> {
            Matcher m = UNIT.matcher(name);
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
}
