package pairviz.model.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import pairviz.model.graph.GraphNode;
import pairviz.model.graph.GraphOp;
import pairviz.model.graph.OpTable;

/**
 * The TensorFlow operations of TensorFlow.js graph models, as TensorFlow defines them, on NHWC
 * values: convolutions (plain, depthwise, fused with a bias and an activation; SAME, VALID and
 * EXPLICIT padding, strides, dilations), matrix products, element-wise arithmetic and
 * activations, reductions, reshapes, padding, concatenation, pooling and batch normalisation.
 * Each is computed with DJL arrays, so gradients flow through them. Convolutions and pooling run
 * on a channels-first view of their input ({@code [B, H, W, C] -> [B, C, H, W]}, a permutation
 * without a copy) and give their result back channels-last.
 */
public final class TfjsOps {
    /** Every operation pairviz runs, by TensorFlow name. */
    public static final OpTable TABLE = new OpTable(TfjsModelFile.FORMAT, table());

    private TfjsOps() {}

    private static Map<String, GraphOp> table() {
        Map<String, GraphOp> t = new HashMap<>();
        t.put("Identity", GraphOp.affine((n, in, m) -> one(in[0])));
        t.put("Conv2D", GraphOp.affine((n, in, m) -> one(conv(n, in[0], in[1], false))));
        t.put("DepthwiseConv2dNative", GraphOp.affine((n, in, m) -> one(conv(n, in[0], in[1], true))));
        t.put("_FusedConv2D", new Kinded((n, in, m) -> one(fused(n, conv(n, in[0], in[1], false), in, 2)), TfjsOps::biasOnly));
        t.put("FusedDepthwiseConv2dNative", new Kinded((n, in, m) -> one(fused(n, conv(n, in[0], in[1], true), in, 2)),
                TfjsOps::biasOnly));
        t.put("MatMul", new Kinded((n, in, m) -> one(matMul(n, in[0], in[1])), n -> !flag(n, "transpose_a")));
        t.put("_FusedMatMul", new Kinded((n, in, m) -> one(fused(n, matMul(n, in[0], in[1]), in, 2)),
                n -> !flag(n, "transpose_a") && biasOnly(n)));
        t.put("BiasAdd", GraphOp.affine((n, in, m) -> one(in[0].add(in[1]))));
        t.put("Add", GraphOp.affine((n, in, m) -> one(in[0].add(in[1]))));
        t.put("AddV2", GraphOp.affine((n, in, m) -> one(in[0].add(in[1]))));
        t.put("Sub", GraphOp.affine((n, in, m) -> one(in[0].sub(in[1]))));
        t.put("Mul", GraphOp.affine((n, in, m) -> one(in[0].mul(in[1]))));
        t.put("RealDiv", (n, in, m) -> one(in[0].div(in[1])));
        t.put("Maximum", (n, in, m) -> one(NDArrays.maximum(in[0], in[1])));
        t.put("Minimum", (n, in, m) -> one(NDArrays.minimum(in[0], in[1])));
        t.put("Neg", GraphOp.affine((n, in, m) -> one(in[0].neg())));
        t.put("Relu", (n, in, m) -> one(Activation.relu(in[0])));
        t.put("Relu6", (n, in, m) -> one(in[0].clip(0, 6)));
        t.put("Elu", (n, in, m) -> one(Activation.elu(in[0], 1f)));
        t.put("Sigmoid", (n, in, m) -> one(Activation.sigmoid(in[0])));
        t.put("Tanh", (n, in, m) -> one(Activation.tanh(in[0])));
        t.put("Softmax", (n, in, m) -> one(in[0].softmax(-1)));
        t.put("Prelu", (n, in, m) -> one(prelu(in[0], in[1])));
        t.put("LeakyRelu", (n, in, m) -> one(leaky(in[0], ((Number) n.attributes().getOrDefault("alpha", 0.2)).floatValue())));
        t.put("Abs", (n, in, m) -> one(in[0].abs()));
        t.put("Square", (n, in, m) -> one(in[0].mul(in[0])));
        t.put("Sqrt", (n, in, m) -> one(in[0].sqrt()));
        t.put("Rsqrt", (n, in, m) -> one(in[0].sqrt().getNDArrayInternal().rdiv(1f)));
        t.put("Exp", (n, in, m) -> one(in[0].exp()));
        t.put("Mean", GraphOp.mean((n, in, m) -> one(mean(n, in[0], in[1]))));
        t.put("Sum", (n, in, m) -> one(reduce(n, in[0], in[1], false)));
        t.put("Max", (n, in, m) -> one(reduce(n, in[0], in[1], true)));
        t.put("Reshape", GraphOp.affine((n, in, m) -> one(reshape(in[0], in[1].toLongArray()))));
        t.put("Squeeze", new Kinded((n, in, m) -> one(squeeze(n, in[0])), n -> {
            long[] dims = (long[]) n.attributes().getOrDefault("squeeze_dims", new long[0]);
            return dims.length > 0 && Arrays.stream(dims).noneMatch(d -> d == 0);
        }));
        t.put("ExpandDims", (n, in, m) -> one(in[0].expandDims((int) in[1].toLongArray()[0])));
        t.put("Transpose", (n, in, m) -> one(in[0].transpose(ints(in[1].toLongArray()))));
        t.put("Pad", GraphOp.affine((n, in, m) -> one(pad(in[0], in[1].toLongArray(), 0))));
        t.put("PadV2", (n, in, m) -> one(pad(in[0], in[1].toLongArray(), in[2].toFloatArray()[0])));
        t.put("ConcatV2", (n, in, m) -> one(concat(in)));
        t.put("AvgPool", GraphOp.affine((n, in, m) -> one(pool(n, in[0], false))));
        t.put("MaxPool", (n, in, m) -> one(pool(n, in[0], true)));
        t.put("FusedBatchNorm", GraphOp.affine((n, in, m) -> one(batchNorm(n, in))));
        t.put("FusedBatchNormV3", GraphOp.affine((n, in, m) -> one(batchNorm(n, in))));
        t.put("Cast", (n, in, m) -> one(cast(n, in[0])));
        t.put("AddN", (n, in, m) -> one(addN(in)));
        t.put("Conv2DBackpropInput", (n, in, m) -> one(convTranspose(n, in[0].toLongArray(), in[1], in[2])));
        t.put("ResizeBilinear", (n, in, m) -> one(resizeBilinear(n, in[0], in[1].toLongArray())));
        t.put("Unpack", (n, in, m) -> unpack(n, in[0]));
        t.put("StridedSlice", (n, in, m) -> one(stridedSlice(n, in[0], in[1].toLongArray(), in[2].toLongArray(),
                in[3].toLongArray())));
        return t;
    }

    /**
     * An operation affine in its variable input for the nodes {@code affine} accepts only: a
     * convolution or product whose fused operations are only a bias, a product whose left operand
     * is not transposed, a squeeze that keeps the leading dimension.
     */
    private record Kinded(GraphOp op, Predicate<GraphNode> affine) implements GraphOp {
        @Override
        public NDArray[] apply(GraphNode node, NDArray[] inputs, NDManager manager) {
            return op.apply(node, inputs, manager);
        }

        @Override
        public Kind kind(GraphNode node) {
            return affine.test(node) ? Kind.AFFINE : Kind.GENERAL;
        }
    }

    /** Whether a fused node adds a bias and nothing else. */
    private static boolean biasOnly(GraphNode n) {
        return Arrays.stream(fusedOps(n)).allMatch("BiasAdd"::equals);
    }

    private static NDArray[] one(NDArray a) {
        return new NDArray[] {a};
    }

    /** Conv2D / DepthwiseConv2dNative: x [B, H, W, C], filter [kh, kw, C, out] or [kh, kw, C, multiplier]. */
    static NDArray conv(GraphNode n, NDArray x, NDArray filter, boolean depthwise) {
        channelsLast(n);
        long[] f = filter.getShape().getShape();
        long[] strides = longs(n, "strides", 1, 1, 1, 1);
        long[] dilations = longs(n, "dilations", 1, 1, 1, 1);
        long c = x.getShape().get(3);
        NDArray w = depthwise
                ? filter.reshape(f[0], f[1], f[2] * f[3]).transpose(2, 0, 1).expandDims(1) // [C * M, 1, kh, kw]
                : filter.transpose(3, 2, 0, 1); // [out, C, kh, kw]
        NDArray first = x.transpose(0, 3, 1, 2); // [B, C, H, W], a view
        long[] pads = padding(n, first.getShape().get(2), first.getShape().get(3), f[0], f[1], strides, dilations);
        Shape symmetric;
        if (pads[0] == pads[1] && pads[2] == pads[3]) {
            symmetric = new Shape(pads[0], pads[2]);
        } else {
            first = first.pad(new Shape(pads[2], pads[3], pads[0], pads[1]), 0); // (left, right, top, bottom)
            symmetric = new Shape(0, 0);
        }
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(first, w, null, new Shape(strides[1], strides[2]), symmetric,
                new Shape(dilations[1], dilations[2]), depthwise ? (int) c : 1).singletonOrThrow();
        return y.transpose(0, 2, 3, 1); // [B, H', W', out]
    }

    /** (top, bottom, left, right) padding of a window op, as TensorFlow pads: SAME puts the odd pixel after. */
    static long[] padding(GraphNode n, long h, long w, long kh, long kw, long[] strides, long[] dilations) {
        String mode = string(n, "padding", "VALID");
        switch (mode) {
            case "VALID":
                return new long[4];
            case "SAME": {
                long[] out = new long[4];
                long[] size = {h, w};
                long[] k = {kh, kw};
                for (int d = 0; d < 2; d++) {
                    long s = strides[d + 1];
                    long effective = (k[d] - 1) * dilations[d + 1] + 1;
                    long outSize = (size[d] + s - 1) / s;
                    long total = Math.max((outSize - 1) * s + effective - size[d], 0);
                    out[2 * d] = total / 2;
                    out[2 * d + 1] = total - total / 2;
                }
                return out;
            }
            case "EXPLICIT": {
                long[] e = longs(n, "explicit_paddings", 0, 0, 0, 0, 0, 0, 0, 0); // (before, after) per NHWC axis
                return new long[] {e[2], e[3], e[4], e[5]};
            }
            default:
                throw new UnsupportedOperationException("padding " + mode);
        }
    }

    /** The fused operations after a convolution or product: a bias, then an activation; {@code args} from input {@code first}. */
    static NDArray fused(GraphNode n, NDArray y, NDArray[] in, int first) {
        int arg = first;
        for (String op : fusedOps(n)) {
            switch (op) {
                case "BiasAdd" -> y = y.add(in[arg++]);
                case "Relu" -> y = Activation.relu(y);
                case "Relu6" -> y = y.clip(0, 6);
                case "Elu" -> y = Activation.elu(y, 1f);
                case "Sigmoid" -> y = Activation.sigmoid(y);
                case "Tanh" -> y = Activation.tanh(y);
                case "Prelu" -> y = prelu(y, in[arg++]);
                case "LeakyRelu" -> y = leaky(y, ((Number) n.attributes().getOrDefault("leakyrelu_alpha", 0.2)).floatValue());
                default -> throw new UnsupportedOperationException("fused operation " + op);
            }
        }
        return y;
    }

    private static String[] fusedOps(GraphNode n) {
        Object f = n.attributes().get("fused_ops");
        return f instanceof String[] s ? s : new String[0];
    }

    static NDArray matMul(GraphNode n, NDArray a, NDArray b) {
        NDArray x = flag(n, "transpose_a") ? a.transpose() : a;
        NDArray y = flag(n, "transpose_b") ? b.transpose() : b;
        return x.matMul(y);
    }

    /** x where x > 0, else alpha x. */
    static NDArray prelu(NDArray x, NDArray alpha) {
        return Activation.relu(x).add(NDArrays.minimum(x, 0f).mul(alpha));
    }

    static NDArray leaky(NDArray x, float alpha) {
        return Activation.relu(x).add(NDArrays.minimum(x, 0f).mul(alpha));
    }

    /** The axes of a reduction, non-negative, from its constant input. */
    private static int[] axes(NDArray axes, int rank) {
        long[] a = axes.toLongArray();
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (int) (a[i] < 0 ? a[i] + rank : a[i]);
        }
        return out;
    }

    static NDArray mean(GraphNode n, NDArray x, NDArray axes) {
        int[] a = axes(axes, x.getShape().dimension());
        long count = 1;
        for (int i : a) {
            count *= x.getShape().get(i);
        }
        return x.sum(a, flag(n, "keep_dims")).div(count);
    }

    static NDArray reduce(GraphNode n, NDArray x, NDArray axes, boolean max) {
        int[] a = axes(axes, x.getShape().dimension());
        boolean keep = flag(n, "keep_dims");
        if (!max) {
            return x.sum(a, keep);
        }
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        NDArray y = x;
        for (int i = sorted.length - 1; i >= 0; i--) {
            y = y.max(new int[] {sorted[i]}, keep);
        }
        return y;
    }

    static NDArray squeeze(GraphNode n, NDArray x) {
        long[] dims = (long[]) n.attributes().getOrDefault("squeeze_dims", new long[0]);
        if (dims.length == 0) {
            return x.squeeze();
        }
        return x.squeeze(axes(x.getManager().create(dims), x.getShape().dimension()));
    }

    /** Pad: paddings [rank, 2] of (before, after) per axis. */
    static NDArray pad(NDArray x, long[] paddings, float value) {
        int rank = x.getShape().dimension();
        long[] torch = new long[2 * rank]; // last axis first, as torch's constant_pad_nd takes them
        for (int d = 0; d < rank; d++) {
            torch[2 * (rank - 1 - d)] = paddings[2 * d];
            torch[2 * (rank - 1 - d) + 1] = paddings[2 * d + 1];
        }
        return x.pad(new Shape(torch), value);
    }

    static NDArray concat(NDArray[] in) {
        NDArray axis = in[in.length - 1];
        NDList parts = new NDList(Arrays.copyOf(in, in.length - 1));
        int rank = in[0].getShape().dimension();
        long a = axis.toLongArray()[0];
        return NDArrays.concat(parts, (int) (a < 0 ? a + rank : a));
    }

    /** AvgPool / MaxPool on NHWC; SAME averages over the window's pixels inside the image, as TensorFlow does. */
    static NDArray pool(GraphNode n, NDArray x, boolean max) {
        channelsLast(n);
        long[] k = longs(n, "ksize", 1, 1, 1, 1);
        long[] s = longs(n, "strides", 1, 1, 1, 1);
        NDArray first = x.transpose(0, 3, 1, 2); // [B, C, H, W]
        long[] pads = padding(n, first.getShape().get(2), first.getShape().get(3), k[1], k[2], s, new long[] {1, 1, 1, 1});
        Shape kernel = new Shape(k[1], k[2]);
        Shape stride = new Shape(s[1], s[2]);
        Shape none = new Shape(0, 0);
        Shape torchPad = new Shape(pads[2], pads[3], pads[0], pads[1]);
        NDArray y;
        if (max) {
            y = Pool.maxPool2d(first.pad(torchPad, Float.NEGATIVE_INFINITY), kernel, stride, none, false);
        } else {
            NDArray sum = Pool.avgPool2d(first.pad(torchPad, 0), kernel, stride, none, false, true).mul(k[1] * k[2]);
            NDArray ones = first.getManager().ones(new Shape(1, 1, first.getShape().get(2), first.getShape().get(3)));
            NDArray count = Pool.avgPool2d(ones.pad(torchPad, 0), kernel, stride, none, false, true).mul(k[1] * k[2]);
            y = sum.div(count);
        }
        return y.transpose(0, 2, 3, 1);
    }

    /** Inference batch normalisation over the last axis: (x - mean) / sqrt(variance + epsilon) * scale + offset. */
    static NDArray batchNorm(GraphNode n, NDArray[] in) {
        channelsLast(n);
        float eps = ((Number) n.attributes().getOrDefault("epsilon", 1e-3)).floatValue();
        NDArray inv = in[4].add(eps).sqrt().getNDArrayInternal().rdiv(1f).mul(in[1]); // scale / sqrt(var + eps)
        return in[0].sub(in[3]).mul(inv).add(in[2]);
    }

    /**
     * Reshape to {@code shape}; a shape whose leading 1 is the batch the converter ran at (a
     * constant [1, ...] where the input holds B times as many values, B its leading dimension)
     * keeps the batch: [B, ...].
     */
    static NDArray reshape(NDArray x, long[] shape) {
        long batch = x.getShape().dimension() > 0 ? x.getShape().get(0) : 1;
        if (shape.length > 0 && shape[0] == 1 && batch > 1 && Arrays.stream(shape).allMatch(d -> d >= 0)
                && Arrays.stream(shape).reduce(1, (a, b) -> a * b) * batch == x.getShape().size()) {
            long[] batched = shape.clone();
            batched[0] = batch;
            return x.reshape(new Shape(batched));
        }
        return x.reshape(new Shape(shape));
    }

    /**
     * ResizeBilinear of NHWC images to {@code size} (height, width) as TensorFlow samples: with
     * {@code half_pixel_centers} output pixel o reads input (o + 0.5) in / out - 0.5, with
     * {@code align_corners} o (in - 1) / (out - 1), between its two neighbours (clamped to the
     * image). Computed as two products with constant interpolation matrices, so gradients flow.
     * TensorFlow's legacy sampling (neither flag) is refused.
     */
    static NDArray resizeBilinear(GraphNode n, NDArray x, long[] size) {
        boolean corners = flag(n, "align_corners");
        if (!corners && !flag(n, "half_pixel_centers")) {
            throw new UnsupportedOperationException("ResizeBilinear with neither align_corners nor half_pixel_centers "
                    + "(TensorFlow's legacy sampling)");
        }
        NDManager m = x.getManager();
        NDArray rows = interpolation(m, (int) size[0], (int) x.getShape().get(1), corners); // [H', H]
        NDArray cols = interpolation(m, (int) size[1], (int) x.getShape().get(2), corners); // [W', W]
        NDArray first = x.transpose(0, 3, 1, 2); // [B, C, H, W]
        return rows.matMul(first).matMul(cols.transpose()).transpose(0, 2, 3, 1); // [B, H', W', C]
    }

    /** The [out, in] matrix of 1-D bilinear sampling: each row weights an output's two nearest inputs. */
    private static NDArray interpolation(NDManager m, int out, int in, boolean corners) {
        float[] r = new float[out * in];
        for (int o = 0; o < out; o++) {
            double src = corners ? (out > 1 ? o * (in - 1.0) / (out - 1.0) : 0) : (o + 0.5) * in / out - 0.5;
            double lower = Math.floor(src);
            float w = (float) (src - lower);
            int i0 = (int) Math.max(lower, 0);
            int i1 = (int) Math.min(Math.ceil(src), in - 1);
            r[o * in + i0] += 1 - w;
            r[o * in + Math.max(i1, 0)] += w;
        }
        return m.create(r, new Shape(out, in));
    }

    /**
     * Conv2DBackpropInput (a transposed convolution, tf.conv2dTranspose): x [B, H, W, C] spread by
     * filter [kh, kw, out, C] with the strides onto an output of {@code outputShape}'s height and width
     * (its batch is x's: converters bake in 1). The full spread ((H - 1) s + kh rows) is cut as
     * TensorFlow pads the forward convolution: SAME drops half the excess before (the odd row after),
     * VALID nothing before; rows past the spread are zeros. Dilations are refused.
     */
    static NDArray convTranspose(GraphNode n, long[] outputShape, NDArray filter, NDArray x) {
        channelsLast(n);
        long[] strides = longs(n, "strides", 1, 1, 1, 1);
        long[] dilations = longs(n, "dilations", 1, 1, 1, 1);
        if (dilations[1] != 1 || dilations[2] != 1) {
            throw new UnsupportedOperationException("Conv2DBackpropInput with dilations");
        }
        String mode = string(n, "padding", "VALID");
        if (!mode.equals("SAME") && !mode.equals("VALID")) {
            throw new UnsupportedOperationException("Conv2DBackpropInput with padding " + mode);
        }
        // the engine has no transposed convolution: x with s - 1 zeros between its pixels, padded by k - 1,
        // convolved with the filter turned half a turn and its channels swapped
        long[] f = filter.getShape().getShape();
        long b = x.getShape().get(0);
        long h = x.getShape().get(1);
        long wd = x.getShape().get(2);
        long c = x.getShape().get(3);
        long sh = strides[1];
        long sw = strides[2];
        NDArray spread = x.transpose(0, 3, 1, 2).reshape(b, c, h, 1, wd, 1)
                .pad(new Shape(0, sw - 1, 0, 0, 0, sh - 1), 0) // [B, C, H, s, W, s]
                .reshape(b, c, h * sh, wd * sw)
                .get(new ai.djl.ndarray.index.NDIndex(":, :, :{}, :{}", (h - 1) * sh + 1, (wd - 1) * sw + 1))
                .pad(new Shape(f[1] - 1, f[1] - 1, f[0] - 1, f[0] - 1), 0); // [B, C, (H-1)s + 2kh - 1, ...]
        NDArray w = filter.flip(0, 1).transpose(2, 3, 0, 1); // [out, C, kh, kw]
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(spread, w).singletonOrThrow(); // [B, out, Fh, Fw]
        long fh = y.getShape().get(2);
        long fw = y.getShape().get(3);
        long ho = outputShape[1];
        long wo = outputShape[2];
        boolean same = mode.equals("SAME");
        long top = same ? Math.max(fh - ho, 0) / 2 : 0;
        long left = same ? Math.max(fw - wo, 0) / 2 : 0;
        long bottom = Math.max(ho - (fh - top), 0);
        long right = Math.max(wo - (fw - left), 0);
        if (bottom > 0 || right > 0) {
            y = y.pad(new Shape(0, right, 0, bottom), 0);
        }
        y = y.get(new ai.djl.ndarray.index.NDIndex(":, :, {}:{}, {}:{}", top, top + ho, left, left + wo));
        return y.transpose(0, 2, 3, 1); // [B, Ho, Wo, out]
    }

    /** AddN: the sum of every input, all of one shape. */
    static NDArray addN(NDArray[] in) {
        NDArray y = in[0];
        for (int i = 1; i < in.length; i++) {
            y = y.add(in[i]);
        }
        return y;
    }

    /** Unpack (tf.unstack): x split along {@code axis} into its slices, that axis dropped; output k is slice k. */
    static NDArray[] unpack(GraphNode n, NDArray x) {
        int rank = x.getShape().dimension();
        long a = number(n, "axis", 0);
        int axis = (int) (a < 0 ? a + rank : a);
        NDList parts = x.split(x.getShape().get(axis), axis); // each [..., 1, ...]
        NDArray[] out = new NDArray[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = parts.get(i).squeeze(axis);
        }
        return out;
    }

    /**
     * StridedSlice as TensorFlow defines it, for the masks graphs use: {@code begin_mask} /
     * {@code end_mask} (that axis from its start / to its end), {@code shrink_axis_mask} (the
     * axis taken at {@code begin} and dropped); positive strides. Ellipsis and new-axis masks, and
     * negative strides, are refused by name.
     */
    static NDArray stridedSlice(GraphNode n, NDArray x, long[] begin, long[] end, long[] strides) {
        long beginMask = number(n, "begin_mask", 0);
        long endMask = number(n, "end_mask", 0);
        long shrink = number(n, "shrink_axis_mask", 0);
        if (number(n, "ellipsis_mask", 0) != 0 || number(n, "new_axis_mask", 0) != 0) {
            throw new UnsupportedOperationException("StridedSlice with an ellipsis_mask or a new_axis_mask");
        }
        StringBuilder index = new StringBuilder();
        for (int d = 0; d < begin.length; d++) {
            if (strides[d] <= 0) {
                throw new UnsupportedOperationException("StridedSlice with stride " + strides[d]);
            }
            if (d > 0) {
                index.append(',');
            }
            if ((shrink >> d & 1) != 0) {
                index.append(begin[d]);
                continue;
            }
            long size = x.getShape().get(d);
            long b = (beginMask >> d & 1) != 0 ? 0 : clampIndex(begin[d], size);
            long e = (endMask >> d & 1) != 0 ? size : clampIndex(end[d], size);
            index.append(b).append(':').append(Math.max(b, e)).append(':').append(strides[d]);
        }
        return x.get(new ai.djl.ndarray.index.NDIndex(index.toString()));
    }

    /** A slice bound as TensorFlow reads it: negative from the end, clamped to [0, size]. */
    private static long clampIndex(long i, long size) {
        return Math.max(0, Math.min(size, i < 0 ? i + size : i));
    }

    private static long number(GraphNode n, String name, long fallback) {
        Object v = n.attributes().get(name);
        return v instanceof Number x ? x.longValue() : fallback;
    }

    static NDArray cast(GraphNode n, NDArray x) {
        String to = string(n, "DstT", "DT_FLOAT");
        return switch (to) {
            case "DT_FLOAT" -> x.toType(DataType.FLOAT32, false);
            case "DT_INT32", "DT_INT64" -> x.toType(DataType.INT64, false);
            default -> throw new UnsupportedOperationException("a cast to " + to);
        };
    }

    private static void channelsLast(GraphNode n) {
        String f = string(n, "data_format", "NHWC");
        if (!f.equals("NHWC")) {
            throw new UnsupportedOperationException("data_format " + f + " (pairviz runs NHWC graphs)");
        }
    }

    private static boolean flag(GraphNode n, String name) {
        return Boolean.TRUE.equals(n.attributes().get(name));
    }

    private static String string(GraphNode n, String name, String fallback) {
        Object v = n.attributes().get(name);
        return v instanceof String s ? s : fallback;
    }

    private static long[] longs(GraphNode n, String name, long... fallback) {
        Object v = n.attributes().get(name);
        return v instanceof long[] l && l.length == fallback.length ? l : fallback;
    }

    private static int[] ints(long[] v) {
        return Arrays.stream(v).mapToInt(x -> (int) x).toArray();
    }
}
