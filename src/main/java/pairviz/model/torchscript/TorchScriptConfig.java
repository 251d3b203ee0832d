package pairviz.model.torchscript;

import pairviz.model.ModelConfig;

/**
 * What pairviz read off a TorchScript network by running it once (docs/models.md, "Your own
 * network through TorchScript"): its input size, token grid, embedding width, pooling and the
 * attention it returns. The weights stay inside the archive: it is no {@link pairviz.model.Architecture}, the
 * network comes whole from its archive.
 *
 * @param source the archive's file name
 * @param imageSize side S of the square input
 * @param gridSize side K of the K x K grid of output positions
 * @param outDim width E of the features and of the embedding
 * @param classToken whether the features start with a class token whose features are the embedding
 * @param attentionLayers attention maps the forward returns after the features (0: none)
 * @param heads heads H of each attention map (0 without attention)
 */
public record TorchScriptConfig(
        String source, int imageSize, int gridSize, int outDim, boolean classToken, int attentionLayers, int heads)
        implements ModelConfig {

    @Override
    public String kind() {
        return "TorchScript network";
    }

    @Override
    public String describe() {
        String tokens = (classToken ? "class token + " : "") + gridSize + " x " + gridSize + " grid";
        String attention = attentionLayers == 0 ? "no attention"
                : attentionLayers + " attention layer" + (attentionLayers == 1 ? "" : "s") + " of " + heads + " heads";
        return String.format("TorchScript network (%s of %d-d features, %s pooling, %s, %dx%d input)", tokens, outDim,
                classToken ? "class-token" : "mean", attention, imageSize, imageSize);
    }

    /** The attention maps are outputs of the script: no {@link pairviz.model.AttentionTap} reaches inside it. */
    @Override
    public boolean attentionTaps() {
        return false;
    }
}
