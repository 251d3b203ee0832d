package pairviz.loading.family;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import pairviz.PairvizException;
import pairviz.model.weights.StateDict;

/** The blocks per stage of a ResNet checkpoint, read off its names (BiT's {@code body.blockS.unitB}, torchvision's {@code layerS.B}). */
final class ResNetStages {
    private ResNetStages() {}

    /**
     * Blocks in each stage, stage 1 first.
     *
     * @param stage group 1 is a stage number (from 1)
     * @param stageName the name of stage s, e.g. {@code layer2}
     * @param blockSeparator what stands between a stage's name and a block number, e.g. {@code .}
     * @throws PairvizException if a stage is missing although later ones are there
     */
    static List<Integer> blocks(StateDict w, String source, Pattern stage, IntFunction<String> stageName,
            String blockSeparator) {
        int stages = w.countIndices(stage);
        List<Integer> blocks = new ArrayList<>();
        for (int s = 1; s <= stages; s++) {
            int n = w.countIndices(Pattern.compile("^" + Pattern.quote(stageName.apply(s) + blockSeparator) + "(\\d+)\\."));
            if (n == 0) {
                throw new PairvizException("checkpoint " + source + " has no " + stageName.apply(s)
                        + " although it has later stages");
            }
            blocks.add(n);
        }
        return blocks;
    }
}
