package pairviz.model.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Where a graph keeps the channels of its images and spatial maps: last (NHWC, TensorFlow's) or
 * right after the batch (NCHW, ONNX's and pairviz's own). pairviz feeds [B, 3, S, S]; a
 * channels-last graph gets it transposed once, at its input.
 */
public enum GraphLayout {
    /** [B, C, H, W]: ONNX, PyTorch. */
    CHANNELS_FIRST(1, 2, 3),
    /** [B, H, W, C]: TensorFlow, TensorFlow.js. */
    CHANNELS_LAST(3, 1, 2);

    private final int channelAxis;
    private final int heightAxis;
    private final int widthAxis;

    GraphLayout(int channelAxis, int heightAxis, int widthAxis) {
        this.channelAxis = channelAxis;
        this.heightAxis = heightAxis;
        this.widthAxis = widthAxis;
    }

    /** The axis of the channels in a 4-D value. */
    public int channelAxis() {
        return channelAxis;
    }

    /** The axis of the rows in a 4-D value. */
    public int heightAxis() {
        return heightAxis;
    }

    /** The axis of the columns in a 4-D value. */
    public int widthAxis() {
        return widthAxis;
    }

    /** pairviz's images [B, 3, S, S] in this layout (a view). */
    public NDArray fromPairviz(NDArray images) {
        return this == CHANNELS_FIRST ? images : images.transpose(0, 2, 3, 1); // [B, S, S, 3]
    }

    /** A spatial map in this layout as its positions, row-major: [B, H * W, C]. */
    public NDArray positions(NDArray map) {
        Shape s = map.getShape();
        NDArray last = this == CHANNELS_LAST ? map : map.transpose(0, 2, 3, 1); // [B, H, W, C]
        return last.reshape(s.get(0), s.get(heightAxis) * s.get(widthAxis), s.get(channelAxis));
    }

    /** Positions [B', N, C] back as maps in this layout, of the height and width of {@code like}. */
    public NDArray fromPositions(NDArray positions, Shape like) {
        Shape p = positions.getShape();
        NDArray last = positions.reshape(p.get(0), like.get(heightAxis), like.get(widthAxis), p.get(2)); // [B', H, W, C]
        return this == CHANNELS_LAST ? last : last.transpose(0, 3, 1, 2);
    }
}
