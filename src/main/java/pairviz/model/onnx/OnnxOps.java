package pairviz.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.model.Scalars;
import pairviz.model.graph.Constant;
import pairviz.model.graph.GraphNode;
import pairviz.model.graph.GraphOp;
import pairviz.model.graph.OpTable;

/**
 * ONNX's operations (the default domain, operator sets 7 to 21 where their meaning is the same),
 * computed with DJL arrays on the PyTorch engine so that gradients flow: what
 * {@code torch.onnx.export} writes for torchvision's, timm's and Hugging Face's ResNets and Vision
 * Transformers (convolutions, normalisations, pooling, matrix products, element-wise arithmetic and
 * activations, reshapes, the shape arithmetic of dynamic batch sizes).
 *
 * <p>Floating-point values are float32 whatever the file stores; integer values (shapes, indices) are
 * int64; booleans are booleans. Shape arithmetic is read back to Java where an operation needs
 * numbers (a reshape's target, a slice's bounds). An optional input left out has no array
 * ({@code null}, or beyond the end of the inputs).
 */
public final class OnnxOps {
    private OnnxOps() {}

    /** Every operation, by its ONNX name ({@code Softmax-1}: before operator set 13, see {@link OnnxReader}). */
    public static final OpTable TABLE = table();

    private static OpTable table() {
        Map<String, GraphOp> ops = new HashMap<>();
        // element-wise, two inputs with numpy broadcasting
        ops.put("Add", GraphOp.affine((n, in, m) -> one(in[0].add(in[1]))));
        ops.put("Sub", GraphOp.affine((n, in, m) -> one(in[0].sub(in[1]))));
        ops.put("Mul", GraphOp.affine((n, in, m) -> one(in[0].mul(in[1]))));
        ops.put("Div", (n, in, m) -> one(divide(in[0], in[1], m)));
        ops.put("Pow", (n, in, m) -> one(in[0].pow(in[1].toType(in[0].getDataType(), false))));
        ops.put("Equal", (n, in, m) -> one(in[0].eq(in[1])));
        ops.put("Greater", (n, in, m) -> one(in[0].gt(in[1])));
        ops.put("Less", (n, in, m) -> one(in[0].lt(in[1])));
        ops.put("Where", (n, in, m) -> one(where(in)));
        ops.put("Max", (n, in, m) -> one(fold(in, NDArray::maximum)));
        ops.put("Min", (n, in, m) -> one(fold(in, NDArray::minimum)));
        ops.put("Sum", (n, in, m) -> one(fold(in, NDArray::add)));
        ops.put("Mean", (n, in, m) -> one(Scalars.div(fold(in, NDArray::add), in.length)));
        // element-wise, one input
        ops.put("Relu", (n, in, m) -> one(in[0].maximum(Scalars.like(in[0], 0))));
        ops.put("Sigmoid", (n, in, m) -> one(ai.djl.nn.Activation.sigmoid(in[0])));
        ops.put("Tanh", (n, in, m) -> one(in[0].tanh()));
        ops.put("Erf", (n, in, m) -> one(in[0].erf()));
        ops.put("Exp", (n, in, m) -> one(in[0].exp()));
        ops.put("Log", (n, in, m) -> one(in[0].log()));
        ops.put("Sqrt", (n, in, m) -> one(in[0].sqrt()));
        ops.put("Neg", (n, in, m) -> one(in[0].neg()));
        ops.put("Abs", (n, in, m) -> one(in[0].abs()));
        ops.put("Reciprocal", (n, in, m) -> one(Scalars.like(in[0], 1).div(in[0])));
        ops.put("Identity", GraphOp.affine((n, in, m) -> one(in[0])));
        ops.put("Dropout", GraphOp.affine((n, in, m) -> one(in[0]))); // inference: the identity
        ops.put("LeakyRelu", (n, in, m) -> one(leakyRelu(in[0], doubleAttr(n, "alpha", 0.01))));
        ops.put("PRelu", (n, in, m) -> one(in[0].maximum(Scalars.like(in[0], 0)).add(in[0].minimum(Scalars.like(in[0], 0)).mul(in[1]))));
        ops.put("HardSigmoid", (n, in, m) -> one(hardSigmoid(in[0], doubleAttr(n, "alpha", 0.2), doubleAttr(n, "beta", 0.5))));
        ops.put("HardSwish", (n, in, m) -> one(in[0].mul(hardSigmoid(in[0], 1 / 6.0, 0.5))));
        ops.put("Softplus", (n, in, m) -> one(ai.djl.nn.Activation.softPlus(in[0])));
        ops.put("Gelu", (n, in, m) -> one(gelu(n, in[0])));
        ops.put("Clip", OnnxOps::clip);
        ops.put("Cast", (n, in, m) -> one(cast(in[0], longAttr(n, "to", 1))));
        // normalisations
        ops.put("BatchNormalization", GraphOp.affine(OnnxOps::batchNorm));
        ops.put("LayerNormalization", OnnxOps::layerNorm);
        // linear algebra, convolution, pooling
        ops.put("MatMul", GraphOp.affine((n, in, m) -> one(in[0].matMul(in[1]))));
        ops.put("Gemm", GraphOp.affine(OnnxOps::gemm));
        ops.put("Conv", OnnxOps::conv);
        ops.put("MaxPool", (n, in, m) -> pool(n, in, true));
        ops.put("AveragePool", (n, in, m) -> pool(n, in, false));
        ops.put("GlobalAveragePool", GraphOp.mean((n, in, m) -> one(each(in[0], spatial(in[0]), true, NDArray::mean))));
        ops.put("GlobalMaxPool", (n, in, m) -> one(each(in[0], spatial(in[0]), true, NDArray::max)));
        ops.put("Softmax", GraphOp.byNode(n -> longAttr(n, "axis", -1) == -1 ? GraphOp.Kind.SOFTMAX : GraphOp.Kind.GENERAL,
                (n, in, m) -> one(in[0].softmax(axis(n, in[0], -1)))));
        ops.put("LogSoftmax", (n, in, m) -> one(in[0].logSoftmax(axis(n, in[0], -1))));
        ops.put("Softmax-1", (n, in, m) -> one(flattenedSoftmax(n, in[0])));
        // reductions
        ops.put("ReduceMean", GraphOp.mean((n, in, m) -> one(reduce(n, in, (x, a, k) -> x.mean(a, k)))));
        ops.put("ReduceSum", (n, in, m) -> one(reduce(n, in, (x, a, k) -> x.sum(a, k))));
        ops.put("ReduceMax", (n, in, m) -> one(reduce(n, in, (x, a, k) -> x.max(a, k))));
        ops.put("ReduceMin", (n, in, m) -> one(reduce(n, in, (x, a, k) -> x.min(a, k))));
        // shapes and indexing
        ops.put("Shape", OnnxOps::shape);
        ops.put("Reshape", GraphOp.affine(OnnxOps::reshape));
        ops.put("Flatten", GraphOp.byNode(n -> longAttr(n, "axis", 1) == 1 ? GraphOp.Kind.AFFINE : GraphOp.Kind.GENERAL,
                OnnxOps::flatten));
        ops.put("Transpose", OnnxOps::transpose);
        ops.put("Concat", (n, in, m) -> one(NDArrays.concat(new NDList(present(in)), axis(n, present(in)[0], 0))));
        ops.put("Unsqueeze", OnnxOps::unsqueeze);
        ops.put("Squeeze", OnnxOps::squeeze);
        ops.put("Gather", GraphOp.byNode(n -> longAttr(n, "axis", 0) == 1 ? GraphOp.Kind.TOKEN : GraphOp.Kind.GENERAL,
                OnnxOps::gather));
        ops.put("Slice", OnnxOps::slice);
        ops.put("Expand", (n, in, m) -> one(in[0].broadcast(new Shape(broadcastShape(in[0].getShape().getShape(), longs(in[1]))))));
        ops.put("ConstantOfShape", OnnxOps::constantOfShape);
        ops.put("Pad", OnnxOps::pad);
        ops.put("Split", OnnxOps::split);
        // what Swin's shifted windows export (its attention mask, made from shapes)
        ops.put("Mod", OnnxOps::mod);
        ops.put("Not", (n, in, m) -> one(in[0].toType(DataType.BOOLEAN, false).logicalNot()));
        ops.put("Range", (n, in, m) -> one(range(in, m)));
        ops.put("ScatterND", OnnxOps::scatterNd);
        return new OpTable(OnnxReader.FORMAT, ops);
    }

    /** Where(condition, x, y), the three broadcast to one shape as numpy does (torch's where needs equal shapes here). */
    private static NDArray where(NDArray[] in) {
        long[] shape = broadcastShape(broadcastShape(in[0].getShape().getShape(), in[1].getShape().getShape()),
                in[2].getShape().getShape());
        Shape to = new Shape(shape);
        return NDArrays.where(in[0].toType(DataType.BOOLEAN, false).broadcast(to), in[1].broadcast(to), in[2].broadcast(to));
    }

    /** Mod with fmod 0 (the sign of the divisor, Python's {@code %}, torch's remainder); fmod 1 is refused. */
    private static NDArray[] mod(GraphNode n, NDArray[] in, NDManager m) {
        if (longAttr(n, "fmod", 0) != 0) {
            throw unsupported(n, "computes fmod 1 (C's remainder)");
        }
        return one(in[0].mod(in[1].toType(in[0].getDataType(), false)));
    }

    /** Range(start, limit, delta): start, start + delta, ... before limit, of start's type. */
    private static NDArray range(NDArray[] in, NDManager m) {
        DataType type = in[0].getDataType();
        if (type.isInteger()) {
            long start = longs(in[0])[0];
            long limit = longs(in[1])[0];
            long delta = longs(in[2])[0];
            long count = Math.max(0, (limit - start + delta + (delta > 0 ? -1 : 1)) / delta);
            long[] v = new long[(int) count];
            for (int i = 0; i < v.length; i++) {
                v[i] = start + i * delta;
            }
            return m.create(v).toType(type, false);
        }
        float start = in[0].toType(DataType.FLOAT32, false).getFloat();
        float limit = in[1].toType(DataType.FLOAT32, false).getFloat();
        float delta = in[2].toType(DataType.FLOAT32, false).getFloat();
        int count = (int) Math.max(0, Math.ceil((limit - start) / delta));
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = start + i * delta;
        }
        return m.create(v);
    }

    /**
     * ScatterND without a reduction: a copy of data with the slices at indices [..., K] replaced by
     * updates. Computed on Java arrays, so its data and updates must carry no gradient (Swin's
     * attention mask, made from shapes, does not); refused otherwise.
     */
    private static NDArray[] scatterNd(GraphNode n, NDArray[] in, NDManager m) {
        String reduction = n.attributes().get("reduction") instanceof String r ? r : "none";
        if (!reduction.equals("none")) {
            throw unsupported(n, "reduces with " + reduction);
        }
        if (in[0].hasGradient() || in[2].hasGradient()) {
            throw unsupported(n, "scatters values that depend on the image");
        }
        long[] shape = in[0].getShape().getShape();
        long[] idx = longs(in[1]);
        int k = (int) in[1].getShape().get(in[1].getShape().dimension() - 1);
        long slice = 1;
        for (int d = k; d < shape.length; d++) {
            slice *= shape[d];
        }
        DataType type = in[0].getDataType();
        double[] data = in[0].toType(DataType.FLOAT64, false).toDoubleArray();
        double[] updates = in[2].toType(DataType.FLOAT64, false).toDoubleArray();
        for (int row = 0; row < idx.length / k; row++) {
            long offset = 0;
            for (int d = 0; d < k; d++) {
                long i = idx[row * k + d];
                offset = offset * shape[d] + (i < 0 ? i + shape[d] : i);
            }
            System.arraycopy(updates, (int) (row * slice), data, (int) (offset * slice), (int) slice);
        }
        return one(m.create(data, new Shape(shape)).toType(type, false));
    }

    // ---------------------------------------------------------------------------------- helpers

    private static NDArray[] one(NDArray a) {
        return new NDArray[] {a};
    }

    /** The inputs that are given (an optional one left out is null). */
    private static NDArray[] present(NDArray[] in) {
        return Arrays.stream(in).filter(a -> a != null).toArray(NDArray[]::new);
    }

    private static boolean has(NDArray[] in, int i) {
        return i < in.length && in[i] != null;
    }

    private interface Binary {
        NDArray apply(NDArray a, NDArray b);
    }

    private static NDArray fold(NDArray[] in, Binary f) {
        NDArray acc = in[0];
        for (int i = 1; i < in.length; i++) {
            acc = f.apply(acc, in[i]);
        }
        return acc;
    }

    /** An integer array's values (shapes, axes, indices). */
    static long[] longs(NDArray a) {
        return a.toType(DataType.INT64, false).toLongArray();
    }

    private static long longAttr(GraphNode n, String name, long fallback) {
        Object v = n.attributes().get(name);
        return v == null ? fallback : ((Number) v).longValue();
    }

    private static double doubleAttr(GraphNode n, String name, double fallback) {
        Object v = n.attributes().get(name);
        return v == null ? fallback : ((Number) v).doubleValue();
    }

    private static long[] longsAttr(GraphNode n, String name) {
        return (long[]) n.attributes().get(name);
    }

    private static String stringAttr(GraphNode n, String name, String fallback) {
        Object v = n.attributes().get(name);
        return v == null ? fallback : (String) v;
    }

    /** Attribute {@code axis} of {@code n} as a non-negative axis of {@code x}. */
    private static int axis(GraphNode n, NDArray x, long fallback) {
        return normalise(longAttr(n, "axis", fallback), x.getShape().dimension(), n);
    }

    private static int normalise(long axis, int rank, GraphNode n) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new PairvizException("ONNX node " + n.name() + " (" + n.op() + ") names axis " + axis + " of a "
                    + rank + "-d value");
        }
        return (int) a;
    }

    private static int[] normalise(long[] axes, int rank, GraphNode n) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = normalise(axes[i], rank, n);
        }
        return out;
    }

    private static PairvizException unsupported(GraphNode n, String what) {
        return new PairvizException("ONNX node " + n.name() + " (" + n.op() + ") " + what + ", which pairviz does not run");
    }

    /** The axes 2.. of [B, C, ...]. */
    private static int[] spatial(NDArray x) {
        int[] axes = new int[x.getShape().dimension() - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        return axes;
    }

    // ------------------------------------------------------------------------------ element-wise

    /** ONNX's Div: integer division truncates (shape arithmetic), floating point divides. */
    private static NDArray divide(NDArray a, NDArray b, NDManager m) {
        if (a.getDataType().isInteger() && b.getDataType().isInteger()) {
            long[] x = longs(a);
            long[] y = longs(b);
            long[] shape = broadcastShape(a.getShape().getShape(), b.getShape().getShape());
            if (x.length == 1 || y.length == 1) {
                long[] q = new long[Math.max(x.length, y.length)];
                for (int i = 0; i < q.length; i++) {
                    q[i] = x[x.length == 1 ? 0 : i] / y[y.length == 1 ? 0 : i];
                }
                return m.create(q, new Shape(shape));
            }
            if (x.length == y.length) {
                long[] q = new long[x.length];
                for (int i = 0; i < q.length; i++) {
                    q[i] = x[i] / y[i];
                }
                return m.create(q, new Shape(shape));
            }
        }
        return a.div(b);
    }

    private static NDArray leakyRelu(NDArray x, double alpha) {
        NDArray zero = Scalars.like(x, 0);
        return x.maximum(zero).add(Scalars.mul(x.minimum(zero), alpha));
    }

    private static NDArray hardSigmoid(NDArray x, double alpha, double beta) {
        return Scalars.mul(x, alpha).add(Scalars.like(x, beta)).maximum(Scalars.like(x, 0)).minimum(Scalars.like(x, 1));
    }

    private static NDArray gelu(GraphNode n, NDArray x) {
        if (!"none".equals(stringAttr(n, "approximate", "none"))) {
            return ai.djl.nn.Activation.gelu(x); // tanh approximation
        }
        NDArray cdf = Scalars.div(x, Math.sqrt(2)).erf().add(Scalars.like(x, 1)); // 1 + erf(x / sqrt 2)
        return Scalars.mul(x.mul(cdf), 0.5);
    }

    private static NDArray[] clip(GraphNode n, NDArray[] in, NDManager m) {
        NDArray x = in[0];
        if (has(in, 1)) {
            x = x.maximum(in[1].toType(x.getDataType(), false));
        } else if (n.attributes().containsKey("min")) {
            x = x.maximum(Scalars.like(x, doubleAttr(n, "min", 0)));
        }
        if (has(in, 2)) {
            x = x.minimum(in[2].toType(x.getDataType(), false));
        } else if (n.attributes().containsKey("max")) {
            x = x.minimum(Scalars.like(x, doubleAttr(n, "max", 0)));
        }
        return one(x);
    }

    /** ONNX's Cast: every floating type computes as float32, every integer as int64. */
    private static NDArray cast(NDArray x, long to) {
        DataType t = switch ((int) to) {
            case 1, 10, 11, 16 -> DataType.FLOAT32; // float, float16, double, bfloat16
            case 9 -> DataType.BOOLEAN;
            case 2, 3, 4, 5, 6, 7, 12, 13 -> DataType.INT64;
            default -> throw new PairvizException("ONNX Cast to element type " + to + ", which pairviz does not compute with");
        };
        return x.getDataType() == t ? x : x.toType(t, false);
    }

    // ---------------------------------------------------------------------------- normalisation

    /** Inference-mode BatchNormalization: (x - mean) / sqrt(var + eps) * scale + bias, per channel (axis 1). */
    private static NDArray[] batchNorm(GraphNode n, NDArray[] in, NDManager m) {
        NDArray x = in[0]; // [B, C, ...]
        if (longAttr(n, "training_mode", 0) != 0) {
            throw unsupported(n, "is in training mode");
        }
        long[] perChannel = new long[x.getShape().dimension()];
        Arrays.fill(perChannel, 1);
        perChannel[1] = x.getShape().get(1);
        Shape s = new Shape(perChannel);
        NDArray inv = in[4].add(Scalars.like(in[4], doubleAttr(n, "epsilon", 1e-5))).sqrt(); // [C]
        NDArray scale = in[1].div(inv).reshape(s);
        NDArray shift = in[2].sub(in[3].mul(in[1]).div(inv)).reshape(s);
        return one(x.mul(scale).add(shift));
    }

    /** LayerNormalization over the axes from {@code axis} on; only its first output. */
    private static NDArray[] layerNorm(GraphNode n, NDArray[] in, NDManager m) {
        NDArray x = in[0];
        int rank = x.getShape().dimension();
        int from = axis(n, x, -1);
        int[] axes = new int[rank - from];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = from + i;
        }
        NDArray centred = x.sub(x.mean(axes, true));
        NDArray var = centred.square().mean(axes, true);
        NDArray y = centred.div(var.add(Scalars.like(var, doubleAttr(n, "epsilon", 1e-5))).sqrt()).mul(in[1]);
        return one(has(in, 2) ? y.add(in[2]) : y);
    }

    // ------------------------------------------------------------------------- linear algebra

    private static NDArray[] gemm(GraphNode n, NDArray[] in, NDManager m) {
        NDArray a = longAttr(n, "transA", 0) != 0 ? in[0].transpose() : in[0];
        NDArray b = longAttr(n, "transB", 0) != 0 ? in[1].transpose() : in[1];
        NDArray y = a.matMul(b);
        double alpha = doubleAttr(n, "alpha", 1);
        if (alpha != 1) {
            y = Scalars.mul(y, alpha);
        }
        if (has(in, 2)) {
            double beta = doubleAttr(n, "beta", 1);
            y = y.add(beta == 1 ? in[2] : Scalars.mul(in[2], beta));
        }
        return one(y);
    }

    /** Begin and end padding per spatial axis: from {@code pads}, or worked out by {@code auto_pad}. */
    private static long[][] pads(GraphNode n, long[] in, long[] kernel, long[] stride, long[] dilation) {
        int d = kernel.length;
        long[][] p = new long[2][d];
        String auto = stringAttr(n, "auto_pad", "NOTSET");
        if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
            for (int i = 0; i < d; i++) {
                long out = (in[i] + stride[i] - 1) / stride[i];
                long total = Math.max(0, (out - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 - in[i]);
                long small = total / 2;
                p[0][i] = auto.equals("SAME_UPPER") ? small : total - small;
                p[1][i] = total - p[0][i];
            }
        } else if (!auto.equals("VALID")) {
            long[] pads = longsAttr(n, "pads");
            if (pads != null) {
                for (int i = 0; i < d; i++) {
                    p[0][i] = pads[i];
                    p[1][i] = pads[i + d];
                }
            }
        }
        return p;
    }

    private static long[] orOnes(long[] v, int d) {
        if (v != null) {
            return v;
        }
        long[] ones = new long[d];
        Arrays.fill(ones, 1);
        return ones;
    }

    /** Pads the spatial axes of [B, C, H, W] by {@code p} (begin, end) with {@code value}. */
    private static NDArray padSpatial(NDArray x, long[][] p, double value) {
        int d = p[0].length;
        long[] torch = new long[2 * d]; // last axis first, (begin, end) pairs
        for (int i = 0; i < d; i++) {
            torch[2 * i] = p[0][d - 1 - i];
            torch[2 * i + 1] = p[1][d - 1 - i];
        }
        return x.pad(new Shape(torch), value);
    }

    private static boolean symmetric(long[][] p) {
        return Arrays.equals(p[0], p[1]);
    }

    private static NDArray[] conv(GraphNode n, NDArray[] in, NDManager m) {
        NDArray x = in[0]; // [B, C, H, W]
        NDArray w = in[1]; // [O, C / groups, kh, kw]
        if (x.getShape().dimension() != 4) {
            throw unsupported(n, "convolves a " + x.getShape().dimension() + "-d value (pairviz runs 2-d convolutions)");
        }
        long[] kernel = {w.getShape().get(2), w.getShape().get(3)};
        long[] stride = orOnes(longsAttr(n, "strides"), 2);
        long[] dilation = orOnes(longsAttr(n, "dilations"), 2);
        long[][] p = pads(n, new long[] {x.getShape().get(2), x.getShape().get(3)}, kernel, stride, dilation);
        long[] pad = p[0];
        if (!symmetric(p)) {
            x = padSpatial(x, p, 0);
            pad = new long[2];
        }
        NDArray bias = has(in, 2) ? in[2] : null;
        return one(Conv2d.conv2d(x, w, bias, new Shape(stride), new Shape(pad), new Shape(dilation),
                (int) longAttr(n, "group", 1)).singletonOrThrow());
    }

    private static NDArray[] pool(GraphNode n, NDArray[] in, boolean max) {
        NDArray x = in[0];
        if (x.getShape().dimension() != 4) {
            throw unsupported(n, "pools a " + x.getShape().dimension() + "-d value (pairviz runs 2-d pooling)");
        }
        long[] kernel = longsAttr(n, "kernel_shape");
        long[] stride = orOnes(longsAttr(n, "strides"), 2);
        long[] dilation = orOnes(longsAttr(n, "dilations"), 2);
        if (dilation[0] != 1 || dilation[1] != 1) {
            throw unsupported(n, "pools with dilations " + Arrays.toString(dilation));
        }
        boolean ceil = longAttr(n, "ceil_mode", 0) != 0;
        boolean countPad = longAttr(n, "count_include_pad", 0) != 0;
        long[][] p = pads(n, new long[] {x.getShape().get(2), x.getShape().get(3)}, kernel, stride, dilation);
        long[] pad = p[0];
        if (!symmetric(p)) {
            if (!max && !countPad) {
                throw unsupported(n, "averages over asymmetric padding without counting it");
            }
            x = padSpatial(x, p, max ? Double.NEGATIVE_INFINITY : 0);
            pad = new long[2];
        }
        return one(max ? Pool.maxPool2d(x, new Shape(kernel), new Shape(stride), new Shape(pad), ceil)
                : Pool.avgPool2d(x, new Shape(kernel), new Shape(stride), new Shape(pad), ceil, countPad));
    }

    /** Softmax before operator set 13: over all axes from {@code axis} (default 1), flattened. */
    private static NDArray flattenedSoftmax(GraphNode n, NDArray x) {
        int a = axis(n, x, 1);
        Shape s = x.getShape();
        return x.reshape(s.slice(0, a).size(), -1).softmax(1).reshape(s);
    }

    private interface Reduction {
        NDArray apply(NDArray x, int[] axes, boolean keep);
    }

    /** A reduction over {@code axes} (an attribute before operator set 13/18, an input after), all axes by default. */
    private static NDArray reduce(GraphNode n, NDArray[] in, Reduction r) {
        NDArray x = in[0];
        long[] axes = has(in, 1) ? longs(in[1]) : longsAttr(n, "axes");
        boolean keep = longAttr(n, "keepdims", 1) != 0;
        if (axes == null || axes.length == 0) {
            if (longAttr(n, "noop_with_empty_axes", 0) != 0) {
                return x;
            }
            axes = new long[x.getShape().dimension()];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        return each(x, normalise(axes, x.getShape().dimension(), n), keep, r);
    }

    /** A reduction over several axes, one at a time (DJL's PyTorch engine reduces over one axis per call). */
    private static NDArray each(NDArray x, int[] axes, boolean keep, Reduction r) {
        int[] sorted = axes.clone();
        Arrays.sort(sorted);
        for (int i = sorted.length - 1; i >= 0; i--) { // the highest first, so that the others keep their index
            x = r.apply(x, new int[] {sorted[i]}, keep);
        }
        return x;
    }

    // --------------------------------------------------------------------------------- shapes

    private static NDArray[] shape(GraphNode n, NDArray[] in, NDManager m) {
        long[] s = in[0].getShape().getShape();
        int rank = s.length;
        long start = longAttr(n, "start", 0);
        long end = longAttr(n, "end", rank);
        int from = (int) Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
        int to = (int) Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
        return one(m.create(Arrays.copyOfRange(s, from, Math.max(from, to))));
    }

    private static NDArray[] reshape(GraphNode n, NDArray[] in, NDManager m) {
        long[] target = longs(in[1]).clone();
        long[] s = in[0].getShape().getShape();
        if (longAttr(n, "allowzero", 0) == 0) {
            for (int i = 0; i < target.length; i++) {
                if (target[i] == 0) {
                    target[i] = s[i];
                }
            }
        }
        return one(in[0].reshape(new Shape(target)));
    }

    private static NDArray[] flatten(GraphNode n, NDArray[] in, NDManager m) {
        Shape s = in[0].getShape();
        long a = longAttr(n, "axis", 1);
        int axis = (int) (a < 0 ? a + s.dimension() : a);
        return one(in[0].reshape(s.slice(0, axis).size(), s.slice(axis).size()));
    }

    private static NDArray[] transpose(GraphNode n, NDArray[] in, NDManager m) {
        long[] perm = longsAttr(n, "perm");
        if (perm == null) {
            return one(in[0].transpose());
        }
        return one(in[0].transpose(Arrays.stream(perm).mapToInt(p -> (int) p).toArray()));
    }

    private static long[] axesOf(GraphNode n, NDArray[] in) {
        return has(in, 1) ? longs(in[1]) : longsAttr(n, "axes");
    }

    private static NDArray[] unsqueeze(GraphNode n, NDArray[] in, NDManager m) {
        long[] axes = axesOf(n, in);
        int rank = in[0].getShape().dimension() + axes.length;
        int[] sorted = normalise(axes, rank, n);
        Arrays.sort(sorted);
        NDArray x = in[0];
        for (int a : sorted) {
            x = x.expandDims(a);
        }
        return one(x);
    }

    private static NDArray[] squeeze(GraphNode n, NDArray[] in, NDManager m) {
        long[] axes = axesOf(n, in);
        if (axes == null) {
            return one(in[0].squeeze());
        }
        return one(in[0].squeeze(normalise(axes, in[0].getShape().dimension(), n)));
    }

    /** ONNX's Gather (numpy's take along an axis): out = data.shape[:axis] + indices.shape + data.shape[axis+1:]. */
    private static NDArray[] gather(GraphNode n, NDArray[] in, NDManager m) {
        NDArray data = in[0];
        int axis = axis(n, data, 0);
        long dim = data.getShape().get(axis);
        long[] ids = longs(in[1]);
        List<NDArray> parts = new ArrayList<>(ids.length);
        for (long id : ids) {
            long i = id < 0 ? id + dim : id;
            if (i < 0 || i >= dim) {
                throw new PairvizException("ONNX node " + n.name() + " (Gather) reads index " + id + " of an axis of " + dim);
            }
            parts.add(data.get(new NDIndex().addAllDim(axis).addSliceDim(i, i + 1)));
        }
        NDArray taken = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), axis);
        long[] s = data.getShape().getShape();
        long[] idShape = in[1].getShape().getShape();
        long[] out = new long[s.length - 1 + idShape.length];
        System.arraycopy(s, 0, out, 0, axis);
        System.arraycopy(idShape, 0, out, axis, idShape.length);
        System.arraycopy(s, axis + 1, out, axis + idShape.length, s.length - axis - 1);
        return one(taken.reshape(new Shape(out)));
    }

    private static NDArray[] slice(GraphNode n, NDArray[] in, NDManager m) {
        NDArray x = in[0];
        long[] s = x.getShape().getShape();
        boolean inputs = in.length > 1;
        long[] starts = inputs ? longs(in[1]) : longsAttr(n, "starts");
        long[] ends = inputs ? longs(in[2]) : longsAttr(n, "ends");
        long[] axes = inputs ? (has(in, 3) ? longs(in[3]) : null) : longsAttr(n, "axes");
        long[] steps = has(in, 4) ? longs(in[4]) : null;
        long[][] bounds = new long[s.length][];
        for (int i = 0; i < starts.length; i++) {
            int a = normalise(axes == null ? i : axes[i], s.length, n);
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw unsupported(n, "slices with step 0");
            }
            long start = starts[i] < 0 ? starts[i] + s[a] : starts[i];
            long end = ends[i] < 0 && ends[i] > Long.MIN_VALUE / 2 ? ends[i] + s[a] : ends[i];
            if (step > 0) {
                long from = clamp(start, s[a]);
                bounds[a] = new long[] {from, Math.max(from, clamp(end, s[a])), step};
            } else { // backwards: start, start + step, ... while > end; on the flipped axis, forwards
                long from = Math.max(0, Math.min(s[a] - 1, start));
                long to = Math.max(-1, Math.min(s[a] - 1, end));
                x = x.flip(a);
                bounds[a] = new long[] {s[a] - 1 - from, Math.max(s[a] - 1 - from, s[a] - 1 - to), -step};
            }
        }
        NDIndex index = new NDIndex();
        for (int a = 0; a < s.length; a++) {
            if (bounds[a] == null) {
                index.addAllDim();
            } else {
                index.addSliceDim(bounds[a][0], bounds[a][1], bounds[a][2]);
            }
        }
        return one(x.get(index));
    }

    private static long clamp(long v, long dim) {
        return Math.max(0, Math.min(dim, v));
    }

    /** numpy's broadcast of two shapes. */
    static long[] broadcastShape(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long x = i < r - a.length ? 1 : a[i - (r - a.length)];
            long y = i < r - b.length ? 1 : b[i - (r - b.length)];
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    private static NDArray[] constantOfShape(GraphNode n, NDArray[] in, NDManager m) {
        Shape s = new Shape(longs(in[0]));
        Constant value = (Constant) n.attributes().get("value");
        if (value == null) {
            return one(m.zeros(s, DataType.FLOAT32));
        }
        if (value.integer()) {
            return one(m.full(s, 0, DataType.INT64).add(value.longs()[0]));
        }
        return one(m.full(s, value.floats()[0], DataType.FLOAT32));
    }

    private static NDArray[] pad(GraphNode n, NDArray[] in, NDManager m) {
        String mode = stringAttr(n, "mode", "constant");
        if (!mode.equals("constant")) {
            throw unsupported(n, "pads in mode " + mode);
        }
        NDArray x = in[0];
        int rank = x.getShape().dimension();
        long[] pads = in.length > 1 ? longs(in[1]) : longsAttr(n, "pads");
        double value = has(in, 2) ? in[2].toType(DataType.FLOAT32, false).toFloatArray()[0] : doubleAttr(n, "value", 0);
        long[] axes = has(in, 3) ? longs(in[3]) : null;
        long[][] p = new long[2][rank];
        int k = pads.length / 2;
        for (int i = 0; i < k; i++) {
            int a = axes == null ? i : normalise(axes[i], rank, n);
            p[0][a] = pads[i];
            p[1][a] = pads[i + k];
        }
        long[] torch = new long[2 * rank];
        for (int i = 0; i < rank; i++) {
            torch[2 * i] = p[0][rank - 1 - i];
            torch[2 * i + 1] = p[1][rank - 1 - i];
        }
        return one(x.pad(new Shape(torch), value));
    }

    /** Split by the sizes given (input 1 from operator set 13, attribute {@code split} before). */
    private static NDArray[] split(GraphNode n, NDArray[] in, NDManager m) {
        NDArray x = in[0];
        int axis = axis(n, x, 0);
        long[] sizes = has(in, 1) ? longs(in[1]) : longsAttr(n, "split");
        if (sizes == null) {
            throw unsupported(n, "splits into equal parts without saying their sizes");
        }
        long[] cuts = new long[sizes.length - 1];
        long at = 0;
        for (int i = 0; i < cuts.length; i++) {
            at += sizes[i];
            cuts[i] = at;
        }
        return x.split(cuts, axis).toArray(new NDArray[0]);
    }
}
