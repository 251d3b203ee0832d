package pairviz.model.tfjs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * TensorFlow.js's decoding of weight bytes, as tfjs-core 4.22's {@code io_utils.decodeWeight} does
 * it: little-endian values, uint8 / uint16 quantisation read as {@code q * scale + min} (in double,
 * rounded once to float32; rounded to the nearest integer for an int32 weight), float16 through the
 * same lookup tables (http://www.fox-toolkit.org/ftp/fasthalffloatconversion.pdf): exact, subnormals,
 * infinities and NaN included.
 */
final class Dequantisation {
    private static final int[] MANTISSA = new int[2048];
    private static final int[] EXPONENT = new int[64];
    private static final int[] OFFSET = new int[64];

    static {
        for (int i = 1; i < 1024; i++) {
            int m = i << 13;
            int e = 0;
            while ((m & 0x00800000) == 0) {
                e -= 0x00800000;
                m <<= 1;
            }
            MANTISSA[i] = (m & ~0x00800000) | (e + 0x38800000);
        }
        for (int i = 1024; i < 2048; i++) {
            MANTISSA[i] = 0x38000000 + ((i - 1024) << 13);
        }
        EXPONENT[31] = 0x47800000;
        EXPONENT[32] = 0x80000000;
        EXPONENT[63] = 0xc7800000;
        for (int i = 1; i < 31; i++) {
            EXPONENT[i] = i << 23;
        }
        for (int i = 33; i < 63; i++) {
            EXPONENT[i] = 0x80000000 + ((i - 32) << 23);
        }
        for (int i = 0; i < 64; i++) {
            OFFSET[i] = i == 0 || i == 32 ? 0 : 1024;
        }
    }

    private Dequantisation() {}

    /** One float16 value's bits as the float32 TensorFlow.js decodes it to. */
    static float float16(int bits) {
        int h = bits & 0xffff;
        return Float.intBitsToFloat(MANTISSA[OFFSET[h >> 10] + (h & 0x3ff)] + EXPONENT[h >> 10]);
    }

    /** {@code n} float16 values from {@code bytes} at {@code offset}. */
    static float[] float16s(byte[] bytes, int offset, int n) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = float16(b.getShort() & 0xffff);
        }
        return out;
    }

    /** {@code n} uint8 ({@code width} 1) or uint16 ({@code width} 2) values as {@code q * scale + min}. */
    static double[] affine(byte[] bytes, int offset, int n, int width, double scale, double min) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, width * n).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int q = width == 1 ? b.get() & 0xff : b.getShort() & 0xffff;
            out[i] = q * scale + min;
        }
        return out;
    }

    /** {@code n} little-endian float32 values. */
    static float[] float32s(byte[] bytes, int offset, int n) {
        float[] out = new float[n];
        ByteBuffer.wrap(bytes, offset, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** {@code n} little-endian int32 values, widened. */
    static long[] int32s(byte[] bytes, int offset, int n) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, 4 * n).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.getInt();
        }
        return out;
    }
}
