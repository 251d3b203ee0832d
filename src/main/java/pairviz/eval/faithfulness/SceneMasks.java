package pairviz.eval.faithfulness;

import pairviz.data.scenes.GroundTruth;
import pairviz.data.scenes.SceneDataset;

/**
 * Ground truth of the synthetic scenes: the pixels of A showing a signature object that B shows
 * too ({@link GroundTruth#sharedSignatureMask}), projected to the token grid.
 */
public final class SceneMasks implements MaskSource {
    private final SceneDataset scenes;

    public SceneMasks(SceneDataset scenes) {
        this.scenes = scenes;
    }

    @Override
    public float[] coverage(ImagePair pair, int rows, int cols) {
        var mask = GroundTruth.sharedSignatureMask(
                scenes.annotation(pair.a()).objects(), scenes.mask(pair.a()), scenes.annotation(pair.b()).objects());
        return mask.coverage(cols, rows);
    }
}
