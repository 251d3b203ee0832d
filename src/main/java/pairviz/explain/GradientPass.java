package pairviz.explain;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;
import pairviz.model.AttentionTap;
import pairviz.loading.EmbeddingModel;
import pairviz.model.Engines;
import pairviz.model.Trace;

/**
 * One forward and backward pass of a batch under autograd, for the gradient modes: image i's
 * similarity to its own direction, {@code f_i = unit(beta_i) . d_i}, and its gradient with respect
 * to the input pixels and (for a transformer) to every attention map. The gradient of an attention
 * map is taken through a zero leaf added to it ({@code A + Z}: {@code dZ = dA}), which keeps the
 * whole graph. Every array lives in the caller's manager.
 */
final class GradientPass {
    /** DJL allows one gradient collector at a time in a JVM: concurrent passes take turns. */
    private static final Object LOCK = new Object();

    private GradientPass() {}

    /**
     * What one pass yields.
     *
     * @param objective f, [B]
     * @param inputGradient df / d pixels, [B, 3, S, S]
     * @param attentions each layer's attention probabilities [B, H, T, T], first layer first (empty unless asked)
     * @param attentionGradients df / d attention of each layer, [B, H, T, T]
     */
    record Result(NDArray objective, NDArray inputGradient, List<NDArray> attentions, List<NDArray> attentionGradients) {}

    /**
     * Runs the pass.
     *
     * @param manager where every array of the pass goes (close it to free them)
     * @param pixels the normalised inputs, each 3 x S x S
     * @param directions one target direction (E numbers) per input
     * @param tapAttention whether to take the attention maps and their gradients
     */
    static Result run(EmbeddingModel model, NDManager manager, List<float[]> pixels, List<double[]> directions,
            boolean tapAttention) {
        int s = model.config().imageSize();
        int b = pixels.size();
        NDArray images = manager.create(batch(pixels, 3 * s * s), new Shape(b, 3, s, s));
        int e = directions.get(0).length;
        NDArray d = manager.create(batch(directions.stream().map(GradientPass::floats).toList(), e), new Shape(b, e));
        images.setRequiresGradient(true);
        List<NDArray> probes = new ArrayList<>();
        List<NDArray> attentions = new ArrayList<>();
        AttentionTap tap = !tapAttention ? AttentionTap.NONE : (layer, p) -> {
            NDArray z = manager.zeros(p.getShape(), p.getDataType());
            z.setRequiresGradient(true);
            probes.add(z);
            attentions.add(p);
            return p.add(z);
        };
        synchronized (LOCK) {
            NDArray objective;
            try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                Trace trace = model.network().trace(new ParameterStore(manager, false), images, false, tap);
                NDArray beta = trace.beta(); // [B, E]
                if (beta.getShape().get(1) != e) {
                    throw new IllegalArgumentException("target has width " + e + ", embeddings " + beta.getShape().get(1));
                }
                NDArray unit = beta.div(beta.norm(new int[] {1}, true)); // [B, E]
                objective = unit.mul(d).sum(new int[] {1}); // [B]
                gc.backward(objective.sum());
            } catch (EngineException failure) { // a TorchScript network traced without autograd (docs/models.md)
                String m = String.valueOf(failure.getMessage());
                throw new PairvizException("libtorch cannot take the gradient through " + model.source() + " ("
                        + m.lines().findFirst().orElse(m).strip() + "); a TorchScript network must be traced with "
                        + "autograd on (docs/models.md)", failure);
            }
            List<NDArray> grads = new ArrayList<>();
            List<NDArray> plain = new ArrayList<>();
            for (int l = 0; l < probes.size(); l++) {
                grads.add(probes.get(l).getGradient());
                plain.add(attentions.get(l).stopGradient());
            }
            return new Result(objective.stopGradient(), images.getGradient(), plain, grads);
        }
    }

    /** The network inputs of images, checked to come from one open network. */
    static EmbeddingModel modelOf(List<ImageFeatures> images, Mode mode) {
        EmbeddingModel model = null;
        for (ImageFeatures f : images) {
            if (f.input() == null) {
                throw new PairvizException("mode " + mode.id() + " runs the network again, but the features of "
                        + f.id() + " were made without one");
            }
            if (model != null && f.input().model() != model) {
                throw new IllegalArgumentException("mode " + mode.id() + " explains images of one network at a time");
            }
            model = f.input().model();
        }
        return model;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static FloatBuffer batch(List<float[]> rows, int width) {
        FloatBuffer buf = FloatBuffer.allocate(rows.size() * width);
        for (float[] r : rows) {
            if (r.length != width) {
                throw new IllegalArgumentException("a row of " + r.length + " values, expected " + width);
            }
            buf.put(r);
        }
        return buf.flip();
    }
}
