package pairviz.model.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Module;
import pairviz.model.AttentionTap;
import pairviz.model.Trace;
import pairviz.model.layers.Conv2d;
import pairviz.model.layers.GroupNorm;

/**
 * A BiT ResNet-v2 embedding network (docs/reference.md section 2): weight-standardised root convolution, four
 * (or any number of) stages of pre-activation bottlenecks, and a GN-ReLU-1x1 head applied at
 * every position before average pooling, so each position's head output is a token.
 *
 * <p>Parameter names follow BiT and the authors' checkpoints ({@code root.conv.weight},
 * {@code body.block1.unit01.gn1.weight}, {@code head.conv.bias}).
 */
public final class ResNetV2 extends EmbeddingNetwork {
    private final ResNetConfig config;
    private final Root root;
    private final List<List<PreActBottleneck>> stages = new ArrayList<>();
    private final Head head;

    public ResNetV2(ResNetConfig config) {
        this.config = config;
        root = module("root", new Root(config.width()));
        Body body = module("body", new Body());
        int in = config.width();
        for (int s = 0; s < config.units().size(); s++) {
            Stage stage = body.add("block" + (s + 1), new Stage());
            List<PreActBottleneck> units = new ArrayList<>();
            for (int u = 0; u < config.units().get(s); u++) {
                int stride = s > 0 && u == 0 ? 2 : 1;
                units.add(stage.add(String.format("unit%02d", u + 1), new PreActBottleneck(
                        in, config.midChannels(s), config.outChannels(s), stride, config.groups())));
                in = config.outChannels(s);
            }
            stages.add(units);
        }
        head = module("head", new Head(config.groups(), in, config.outDim()));
    }

    @Override
    public ResNetConfig config() {
        return config;
    }

    @Override
    public Trace trace(ParameterStore ps, NDArray images, boolean training, AttentionTap tap) {
        NDArray x = root.apply(ps, images, training);
        for (List<PreActBottleneck> stage : stages) {
            for (PreActBottleneck unit : stage) {
                x = unit.apply(ps, x, training);
            }
        }
        NDArray map = head.apply(ps, x, training); // [B, E, K, K]
        long b = map.getShape().get(0);
        long e = map.getShape().get(1);
        int kh = (int) map.getShape().get(2);
        int kw = (int) map.getShape().get(3);
        NDArray alpha = map.reshape(b, e, (long) kh * kw).transpose(0, 2, 1); // [B, N, E]
        return new Trace(alpha.mean(new int[] {1}), alpha, kh, kw, false, List.of());
    }

    /** 7x7/2 standardised convolution, zero padding of 1, 3x3/2 max pooling. */
    static final class Root extends Module {
        private final Conv2d conv;

        Root(int width) {
            conv = module("conv", Conv2d.standardized(3, width, 7, 2, 3));
        }

        /** [B, 3, S, S] -> [B, width, S/4, S/4] */
        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            NDArray y = conv.apply(ps, x, training).pad(new Shape(1, 1, 1, 1), 0);
            return Pool.maxPool2d(y, new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            return new NDList(apply(ps, in.singletonOrThrow(), training));
        }
    }

    /** GroupNorm, ReLU, then a 1x1 convolution with bias to the embedding width. */
    static final class Head extends Module {
        private final GroupNorm gn;
        private final Conv2d conv;

        Head(int groups, int in, int out) {
            gn = module("gn", new GroupNorm(groups, in, PreActBottleneck.GN_EPS));
            conv = module("conv", Conv2d.plain(in, out, 1, 1, 0, true));
        }

        /** [B, C, K, K] -> [B, E, K, K] */
        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            return conv.apply(ps, Activation.relu(gn.apply(ps, x, training)), training);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            return new NDList(apply(ps, in.singletonOrThrow(), training));
        }
    }

    /** A named container (BiT's {@code body} and {@code blockN}, torchvision's {@code layerN}): no computation of its own. */
    static class Body extends Module {
        <M extends Module> M add(String name, M m) {
            return module(name, m);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            throw new UnsupportedOperationException("a container: run the network's trace");
        }
    }

    /** One stage of units. */
    static final class Stage extends Body {}
}
