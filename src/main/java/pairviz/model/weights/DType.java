package pairviz.model.weights;

import java.nio.ByteBuffer;

/**
 * Element types a checkpoint may store, each decoded to float32. Names follow safetensors.
 */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2),
    I64(8), I32(4), I16(2), I8(1),
    U64(8), U32(4), U16(2), U8(1),
    BOOL(1);

    /** Bytes per element. */
    final int size;

    DType(int size) {
        this.size = size;
    }

    /**
     * Decodes {@code count} elements from {@code src} (its byte order and position as set by the
     * caller; the position advances) into {@code dst[offset..offset+count)}.
     */
    public void decode(ByteBuffer src, float[] dst, int offset, int count) {
        int end = offset + count;
        switch (this) {
            case F32 -> {
                src.asFloatBuffer().get(dst, offset, count);
                src.position(src.position() + count * 4);
            }
            case F64 -> {
                for (int i = offset; i < end; i++) dst[i] = (float) src.getDouble();
            }
            case F16 -> {
                for (int i = offset; i < end; i++) dst[i] = HALF_TO_FLOAT[src.getShort() & 0xffff];
            }
            case BF16 -> {
                for (int i = offset; i < end; i++) dst[i] = Float.intBitsToFloat((src.getShort() & 0xffff) << 16);
            }
            case I64 -> {
                for (int i = offset; i < end; i++) dst[i] = src.getLong();
            }
            case I32 -> {
                for (int i = offset; i < end; i++) dst[i] = src.getInt();
            }
            case I16 -> {
                for (int i = offset; i < end; i++) dst[i] = src.getShort();
            }
            case I8 -> {
                for (int i = offset; i < end; i++) dst[i] = src.get();
            }
            case U64 -> {
                for (int i = offset; i < end; i++) dst[i] = unsignedLongToFloat(src.getLong());
            }
            case U32 -> {
                for (int i = offset; i < end; i++) dst[i] = src.getInt() & 0xffffffffL;
            }
            case U16 -> {
                for (int i = offset; i < end; i++) dst[i] = src.getShort() & 0xffff;
            }
            case U8 -> {
                for (int i = offset; i < end; i++) dst[i] = src.get() & 0xff;
            }
            case BOOL -> {
                for (int i = offset; i < end; i++) dst[i] = src.get() != 0 ? 1f : 0f;
            }
        }
    }

    private static float unsignedLongToFloat(long v) {
        if (v >= 0) {
            return v;
        }
        // top bit set: halve (keeping the lowest bit so rounding stays correct), convert, double
        return ((v >>> 1) | (v & 1)) * 2f;
    }

    /** float32 value of every IEEE-754 half-precision bit pattern. */
    private static final float[] HALF_TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < HALF_TO_FLOAT.length; h++) {
            HALF_TO_FLOAT[h] = halfToFloat(h);
        }
    }

    static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) { // inf / NaN, keeping the payload
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) { // zero / subnormal: mant * 2^-24, exact in float32
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 127 - 15) << 23) | (mant << 13));
    }
}
