package pairviz.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import pairviz.PairvizException;
import pairviz.model.Engines;

/**
 * Matrix products and convolutions in bfloat16, float32 in and out, run by libtorch through
 * small TorchScript modules (made by {@code src/main/python/make_bf16_kernels.py}).
 *
 * <p>DJL's PyTorch JNI has no bfloat16 type: creating or converting a bfloat16 array from Java
 * terminates the JVM. So Java never does: the kernels convert inside libtorch. A weight may be
 * passed as float32 (converted on every call, differentiably: training with float32 master
 * weights) or as the result of {@link #cast} (converted once, for inference). Java holds a cast
 * array as an opaque handle: its shape can be read, its data type (DJL says UNKNOWN) and values
 * must never be. Gradients flow through every kernel to the float32 inputs.
 */
public final class Bf16Kernels {
    private Bf16Kernels() {}

    /** The scripted modules, loaded on first use into a manager that lives as long as the JVM. */
    private static final class Scripts {
        static final NDManager MANAGER = Engines.pytorch().newBaseManager();
        static final PtSymbolBlock CAST = load("cast");
        static final PtSymbolBlock LINEAR = load("linear");
        static final PtSymbolBlock MATMUL = load("matmul");
        static final PtSymbolBlock CONV2D = load("conv2d");

        private static PtSymbolBlock load(String name) {
            String resource = "/pairviz/model/bf16/" + name + ".pt";
            try (InputStream in = Bf16Kernels.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new PairvizException("the bfloat16 kernel " + resource + " is missing from the build", null, 3);
                }
                return JniUtils.loadModule((PtNDManager) MANAGER, in, false, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code x} converted to bfloat16, in {@code into}: an opaque handle for the kernels below. */
    public static NDArray cast(NDArray x, NDManager into) {
        NDArray c = run(Scripts.CAST, x);
        c.attach(into);
        return c;
    }

    /** [..., in] x [out, in] (+ [out]) -> [..., out]; {@code b} may be null. */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return run(Scripts.LINEAR, x, w, orEmpty(b, x));
    }

    /** [..., n, k] x [..., k, m] -> [..., n, m] */
    public static NDArray matMul(NDArray a, NDArray b) {
        return run(Scripts.MATMUL, a, b);
    }

    /** [B, I, H, W] * [O, I / groups, k, k] (+ [O]) -> [B, O, H', W'] with square stride and padding; {@code b} may be null. */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, int stride, int padding, int groups) {
        NDArray cfg = x.getManager().create(new long[] {stride, padding, groups});
        return run(Scripts.CONV2D, x, w, orEmpty(b, x), cfg);
    }

    private static NDArray orEmpty(NDArray b, NDArray like) {
        return b != null ? b : like.getManager().create(new float[0]);
    }

    /**
     * Runs a kernel; the result lives in the first input's manager. Always in DJL's training mode:
     * that only means "record gradients when an input requires them" (inference mode would drop
     * them), and the kernels have no layers that behave differently in training.
     */
    private static NDArray run(PtSymbolBlock kernel, NDArray... inputs) {
        NDList in = new NDList(inputs.length);
        for (NDArray a : inputs) {
            in.add(unnamed(a));
        }
        return kernel.forward(new ParameterStore(inputs[0].getManager(), false), in, true).singletonOrThrow();
    }

    /** DJL reads structure into input names ("a.b" becomes a dictionary): pass named arrays as unnamed views. */
    private static NDArray unnamed(NDArray a) {
        return a.getName() == null || a.getName().isEmpty() ? a : a.reshape(a.getShape());
    }
}
