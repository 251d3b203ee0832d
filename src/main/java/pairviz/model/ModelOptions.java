package pairviz.model;

import pairviz.model.vit.VitConfig;

/**
 * What the user says about the network a checkpoint holds; everything else is read from the
 * checkpoint itself.
 *
 * @param model {@code auto} (infer everything) or a preset name: {@code vit-b16}, {@code vit-b32},
 *     {@code resnet-50}, {@code resnet-101}, {@code resnet-152}
 * @param heads attention heads of a ViT, which no checkpoint records; null for width / 64
 * @param pooling ViT pooling, which no checkpoint records; null for the paper's mean pooling
 * @param imageSize input size; null for the network's own: a ViT's from its grid of position
 *     embeddings (another size interpolates them), 256 for BiT, 224 for torchvision's ResNet
 * @param groups GroupNorm groups of a ResNet; null for BiT's 32
 */
public record ModelOptions(String model, Integer heads, VitConfig.Pooling pooling, Integer imageSize, Integer groups) {

    /** Infer everything, with the paper's defaults. */
    public static ModelOptions auto() {
        return new ModelOptions("auto", null, null, null, null);
    }

    public ModelOptions {
        model = model == null ? "auto" : model;
    }

    /** These options with a given head count. */
    public ModelOptions withHeads(Integer h) {
        return new ModelOptions(model, h, pooling, imageSize, groups);
    }
}
