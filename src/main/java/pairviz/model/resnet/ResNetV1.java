package pairviz.model.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import pairviz.model.AttentionTap;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Trace;
import pairviz.model.layers.BatchNorm2d;
import pairviz.model.layers.Conv2d;
import pairviz.model.layers.Linear;

/**
 * A ResNet v1 embedding network in torchvision's layout and names ({@code conv1}, {@code bn1},
 * {@code layer1.0.conv1}, {@code layer2.0.downsample.0}, {@code fc}): BatchNorm in inference mode,
 * and the embedding head {@code fc} applied at every position of the last feature map before the
 * average pooling, so that each position's head output is a token and the embedding is their
 * mean. This equals torchvision's pool-then-{@code fc} exactly, because pooling is linear (the
 * same construction as {@link ResNetV2}'s head). Without a head the tokens are the features.
 */
public final class ResNetV1 extends EmbeddingNetwork {
    private final ResNetV1Config config;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final List<List<ResidualBlock>> stages = new ArrayList<>();
    private final Linear fc;

    public ResNetV1(ResNetV1Config config) {
        this.config = config;
        conv1 = module("conv1", Conv2d.plain(3, config.stemWidth(), 7, 2, 3, false));
        bn1 = module("bn1", new BatchNorm2d(config.stemWidth()));
        int in = config.stemWidth();
        for (int s = 0; s < config.units().size(); s++) {
            ResNetV2.Body layer = module("layer" + (s + 1), new ResNetV2.Body());
            List<ResidualBlock> blocks = new ArrayList<>();
            for (int u = 0; u < config.units().get(s); u++) {
                int stride = s > 0 && u == 0 ? 2 : 1;
                blocks.add(layer.add(Integer.toString(u), block(in, s, stride)));
                in = config.outChannels(s);
            }
            stages.add(blocks);
        }
        fc = config.head() != null ? module("fc", new Linear(in, config.head(), true)) : null;
    }

    private ResidualBlock block(int in, int stage, int stride) {
        return switch (config.block()) {
            case BASIC -> new BasicBlock(in, config.planes(stage), stride);
            case BOTTLENECK -> new Bottleneck(in, config.midChannels(stage), config.outChannels(stage), stride,
                    config.groups());
        };
    }

    @Override
    public ResNetV1Config config() {
        return config;
    }

    @Override
    public Trace trace(ParameterStore ps, NDArray images, boolean training, AttentionTap tap) {
        NDArray x = Activation.relu(bn1.apply(ps, conv1.apply(ps, images, training), training)); // [B, W, S/2, S/2]
        x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false); // [B, W, S/4, S/4]
        for (List<ResidualBlock> stage : stages) {
            for (ResidualBlock block : stage) {
                x = block.apply(ps, x, training);
            }
        }
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        int kh = (int) x.getShape().get(2);
        int kw = (int) x.getShape().get(3);
        NDArray tokens = x.reshape(b, c, (long) kh * kw).transpose(0, 2, 1); // [B, N, C]
        NDArray alpha = fc == null ? tokens : fc.apply(ps, tokens, training); // [B, N, E]
        return new Trace(alpha.mean(new int[] {1}), alpha, kh, kw, false, List.of());
    }
}
