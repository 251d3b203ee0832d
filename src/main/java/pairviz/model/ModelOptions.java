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
 * @param imageSize input size for a ResNet (a ViT's comes from its position embeddings); null for 256 (BiT)
 *     or 224 (torchvision's ResNet)
 * @param groups GroupNorm groups of a ResNet; null for BiT's 32
 * @param features the node of a model graph (TensorFlow.js, ONNX) whose output is decomposed: an
 *     embedding reached from a global mean through affine operations, or a spatial map whose mean
 *     becomes the embedding; null to find it in the graph
 */
public record ModelOptions(String model, Integer heads, VitConfig.Pooling pooling, Integer imageSize, Integer groups,
        String features) {

    /** Options without a graph node named. */
    public ModelOptions(String model, Integer heads, VitConfig.Pooling pooling, Integer imageSize, Integer groups) {
        this(model, heads, pooling, imageSize, groups, null);
    }

    /** Infer everything, with the paper's defaults. */
    public static ModelOptions auto() {
        return new ModelOptions("auto", null, null, null, null);
    }

    public ModelOptions {
        model = model == null ? "auto" : model;
    }

    /** These options with a given head count. */
    public ModelOptions withHeads(Integer h) {
        return new ModelOptions(model, h, pooling, imageSize, groups, features);
    }

    /** These options with a graph node named (null: find it). */
    public ModelOptions withFeatures(String node) {
        return new ModelOptions(model, heads, pooling, imageSize, groups, node);
    }
}
