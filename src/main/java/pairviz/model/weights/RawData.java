package pairviz.model.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Bulk decoding of raw tensor bytes to float32, without per-element objects. */
final class RawData {
    private RawData() {}

    /** Largest Java array we allocate. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final int CHUNK = 1 << 20; // a multiple of every element size

    /** {@code count} as an array length, or a {@link BadCheckpoint} if it cannot be one. */
    static int arrayLength(long count, String what) {
        if (count < 0 || count > MAX_ELEMENTS) {
            throw new BadCheckpoint("has " + what + " with " + count + " elements, more than this reader supports");
        }
        return (int) count;
    }

    /**
     * Refuses, before anything is allocated, weights of {@code values} float32 values that do not
     * fit in the memory Java has left.
     */
    static void checkMemory(long values) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (values > free / Float.BYTES) {
            throw new BadCheckpoint(String.format("holds %d weights (%.1f GiB as float32), more than the %.1f GiB "
                    + "of memory Java has left", values, values * 4.0 / (1L << 30), free / (double) (1L << 30)));
        }
    }

    /**
     * Reads exactly {@code count} elements of {@code dtype} from {@code in}.
     *
     * @param what names the data in the message if the stream ends early
     */
    static float[] read(InputStream in, long count, DType dtype, ByteOrder order, String what) throws IOException {
        float[] out = new float[arrayLength(count, what)];
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(8, count * dtype.size))];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(order);
        int done = 0;
        while (done < out.length) {
            int n = (int) Math.min(out.length - done, chunk.length / dtype.size);
            int bytes = n * dtype.size;
            if (in.readNBytes(chunk, 0, bytes) != bytes) {
                throw BadCheckpoint.corrupt(what + " ends early");
            }
            buf.clear();
            dtype.decode(buf, out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * Reads {@code count} elements of {@code dtype} stored in {@code ch} from byte {@code start}
     * (the caller has checked that they lie inside the file). Large regions are memory-mapped.
     */
    static float[] read(FileChannel ch, long start, long count, DType dtype, ByteOrder order, String what)
            throws IOException {
        float[] out = new float[arrayLength(count, what)];
        int perMap = MAP_LIMIT / dtype.size;
        for (int done = 0; done < out.length; ) {
            int n = Math.min(out.length - done, perMap);
            long pos = start + (long) done * dtype.size;
            int bytes = n * dtype.size;
            ByteBuffer buf;
            if (bytes >= 1 << 16) {
                buf = ch.map(FileChannel.MapMode.READ_ONLY, pos, bytes);
            } else {
                buf = ByteBuffer.allocate(bytes);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        throw BadCheckpoint.corrupt(what + " ends early");
                    }
                }
                buf.flip();
            }
            dtype.decode(buf.order(order), out, done, n);
            done += n;
        }
        return out;
    }

    /** Regions of float32 values at least this large are kept memory-mapped ({@link #mapFloats}) rather than copied. */
    static final int MAP_AT_LEAST = 1 << 16;

    /**
     * {@code count} little-endian float32 values stored in {@code ch} from byte {@code start} (the
     * caller has checked that they lie inside the file), kept as the file's own bytes: a read-only
     * memory map, which stays valid after the channel is closed. Null where the values are better
     * copied: fewer than {@link #MAP_AT_LEAST} bytes, more than one map may hold, or a file system
     * that cannot map.
     */
    static ByteBuffer mapFloats(FileChannel ch, long start, long count) throws IOException {
        if (!worthMapping(count)) {
            return null;
        }
        try {
            return ch.map(FileChannel.MapMode.READ_ONLY, start, count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException | UnsupportedOperationException e) {
            return null; // a file system that cannot map files: the values are read instead
        }
    }

    /** Whether {@code count} float32 values are kept mapped by {@link #mapFloats}: from {@link #MAP_AT_LEAST} bytes to one map's limit. */
    static boolean worthMapping(long count) {
        long bytes = count * Float.BYTES;
        return bytes >= MAP_AT_LEAST && bytes <= MAP_LIMIT;
    }

    /** Bytes memory-mapped at once: well below the 2 GiB limit, a multiple of every element size. */
    private static final int MAP_LIMIT = 1 << 30;

    /**
     * Gathers a strided view of {@code storage} into a new row-major array.
     *
     * @param offset element offset of the view's first element
     * @param size   sizes of the view, outermost first
     * @param stride element strides of the view (0 allowed: broadcast)
     * @throws BadCheckpoint if the view reaches outside the storage
     */
    static float[] gather(float[] storage, long offset, long[] size, long[] stride, String what) {
        int numel = arrayLength(Tensor.numelOf(size), what);
        if (numel == 0) {
            return new float[0];
        }
        long last = offset;
        for (int d = 0; d < size.length; d++) {
            if (stride[d] < 0) {
                throw BadCheckpoint.corrupt(what + " has a negative stride");
            }
            last += (size[d] - 1) * stride[d];
        }
        if (offset < 0 || last >= storage.length) {
            throw BadCheckpoint.corrupt(what + " reaches element " + last + " of a storage of " + storage.length);
        }
        if (isContiguous(size, stride)) { // [numel] slice: one copy
            float[] out = new float[numel];
            System.arraycopy(storage, (int) offset, out, 0, numel);
            return out;
        }
        float[] out = new float[numel];
        int rank = size.length;
        int inner = (int) size[rank - 1];
        int innerStride = (int) stride[rank - 1];
        long[] index = new long[rank]; // odometer over all but the innermost dimension
        long base = offset;
        for (int o = 0; o < numel; o += inner) {
            int s = (int) base;
            for (int i = 0; i < inner; i++, s += innerStride) {
                out[o + i] = storage[s];
            }
            for (int d = rank - 2; d >= 0; d--) {
                index[d]++;
                base += stride[d];
                if (index[d] < size[d]) {
                    break;
                }
                base -= index[d] * stride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /** Whether row-major {@code size} with these strides is one dense block. */
    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }
}
