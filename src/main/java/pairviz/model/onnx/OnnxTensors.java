package pairviz.model.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorProto.DataType;
import pairviz.PairvizException;
import pairviz.model.graph.Constant;
import pairviz.model.weights.DType;

/**
 * Decodes ONNX tensors ({@code TensorProto}: initializers, {@code Constant} values, tensor
 * attributes) into {@link Constant}s: floating-point types (float32, float16, bfloat16, float64) as
 * float32, integer and boolean types as integers; from the typed fields ({@code float_data},
 * {@code int32_data}, {@code int64_data}, {@code double_data}, {@code uint64_data}), from
 * {@code raw_data} (little-endian) or from an external data file beside the model.
 */
final class OnnxTensors {
    private OnnxTensors() {}

    /**
     * The tensor's values.
     *
     * @param t the tensor
     * @param directory the model's folder, where external data files lie
     * @param used told of every external data file read
     * @param what the tensor's role and name, for messages
     * @throws PairvizException for a type pairviz does not compute with (strings, complex, 8-bit
     *     and 4-bit floats), a count of values that does not fit the shape, or external data that
     *     is missing, outside the model's folder or too short
     */
    static Constant decode(TensorProto t, Path directory, java.util.function.Consumer<Path> used, String what) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new PairvizException(what + " has a negative dimension " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE) {
            throw new PairvizException(what + " has " + n + " values, more than one array holds");
        }
        int count = (int) n;
        DataType type = DataType.forNumber(t.getDataType());
        if (type == null) {
            throw new PairvizException(what + " has the unknown ONNX element type " + t.getDataType());
        }
        ByteBuffer raw = null;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            raw = external(t, directory, used, what, (long) count * size(type, what));
        } else if (t.hasRawData()) {
            raw = t.getRawData().asReadOnlyByteBuffer();
        }
        if (raw != null) {
            raw.order(ByteOrder.LITTLE_ENDIAN);
            long expected = (long) count * size(type, what);
            if (raw.remaining() != expected) {
                throw new PairvizException(what + " holds " + raw.remaining() + " bytes where its shape "
                        + Arrays.toString(shape) + " of " + type + " takes " + expected);
            }
            return fromRaw(type, raw, shape, count);
        }
        return fromFields(t, type, shape, count, what);
    }

    /** Bytes per element of {@code type}; refuses the types pairviz does not compute with. */
    private static int size(DataType type, String what) {
        return switch (type) {
            case FLOAT, INT32, UINT32 -> 4;
            case DOUBLE, INT64, UINT64 -> 8;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
            default -> throw new PairvizException(what + " is of ONNX type " + type
                    + ", which pairviz does not compute with (it reads float32/16/64, bfloat16, integers and booleans)");
        };
    }

    private static Constant fromRaw(DataType type, ByteBuffer raw, long[] shape, int count) {
        DType floating = switch (type) {
            case FLOAT -> DType.F32;
            case FLOAT16 -> DType.F16;
            case BFLOAT16 -> DType.BF16;
            case DOUBLE -> DType.F64;
            default -> null;
        };
        if (floating != null) {
            float[] values = new float[count];
            floating.decode(raw, values, 0, count);
            return new Constant(shape, values, null);
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (type) {
                case INT64, UINT64 -> raw.getLong();
                case INT32 -> raw.getInt();
                case UINT32 -> raw.getInt() & 0xffffffffL;
                case INT16 -> raw.getShort();
                case UINT16 -> raw.getShort() & 0xffff;
                case INT8 -> raw.get();
                case UINT8 -> raw.get() & 0xff;
                case BOOL -> raw.get() != 0 ? 1 : 0;
                default -> throw new AssertionError(type);
            };
        }
        return new Constant(shape, null, values);
    }

    /** The values from the typed field ONNX keeps {@code type} in. */
    private static Constant fromFields(TensorProto t, DataType type, long[] shape, int count, String what) {
        int stored = switch (type) {
            case FLOAT -> t.getFloatDataCount();
            case DOUBLE -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            case UINT32, UINT64 -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
        size(type, what); // refuses the types pairviz does not read
        if (stored != count) {
            throw new PairvizException(what + " holds " + stored + " values where its shape "
                    + Arrays.toString(shape) + " takes " + count);
        }
        switch (type) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16 -> {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = switch (type) {
                        case FLOAT -> t.getFloatData(i);
                        case DOUBLE -> (float) t.getDoubleData(i);
                        case FLOAT16 -> half(t.getInt32Data(i));
                        default -> Float.intBitsToFloat((t.getInt32Data(i) & 0xffff) << 16); // bfloat16
                    };
                }
                return new Constant(shape, values, null);
            }
            default -> {
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = switch (type) {
                        case INT64 -> t.getInt64Data(i);
                        case UINT32, UINT64 -> t.getUint64Data(i);
                        case BOOL -> t.getInt32Data(i) != 0 ? 1 : 0;
                        default -> t.getInt32Data(i);
                    };
                }
                return new Constant(shape, null, values);
            }
        }
    }

    /** One float16 stored in the low 16 bits of an {@code int32_data} entry, as float32. */
    private static float half(int bits) {
        float[] out = new float[1];
        DType.F16.decode(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) bits), out, 0, 1);
        return out[0];
    }

    /**
     * The bytes of a tensor kept in an external file ({@code location}, {@code offset},
     * {@code length} of {@code external_data}), which must lie in the model's folder.
     */
    private static ByteBuffer external(TensorProto t, Path directory, java.util.function.Consumer<Path> used, String what,
            long expected) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            try {
                switch (e.getKey()) {
                    case "location" -> location = e.getValue();
                    case "offset" -> offset = Long.parseLong(e.getValue());
                    case "length" -> length = Long.parseLong(e.getValue());
                    default -> { } // checksum and others: not needed to read the bytes
                }
            } catch (NumberFormatException ex) {
                throw new PairvizException(what + " has an external " + e.getKey() + " that is not a number: '"
                        + e.getValue() + "'");
            }
        }
        if (location == null) {
            throw new PairvizException(what + " is stored externally but names no location");
        }
        Path file = directory.resolve(location).normalize();
        if (!file.startsWith(directory.normalize())) {
            throw new PairvizException(what + " is stored in " + location
                    + ", outside the model's folder; ONNX external data lies beside the model");
        }
        if (length < 0) {
            length = expected;
        }
        used.accept(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (offset < 0 || offset + length > channel.size()) {
                throw new PairvizException(what + " reads bytes " + offset + ".." + (offset + length) + " of "
                        + location + ", which holds " + channel.size() + " bytes");
            }
            if (length > Integer.MAX_VALUE) {
                throw new PairvizException(what + " takes " + length + " bytes, more than one array holds");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) length);
            while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) >= 0) {
                // read until full
            }
            return bytes.flip();
        } catch (NoSuchFileException e) {
            throw new PairvizException(what + " is stored in " + location + ", which is not beside the model ("
                    + file + " does not exist)");
        } catch (IOException e) {
            throw new PairvizException("cannot read " + file + " (external data of " + what + "): " + e.getMessage(), e);
        }
    }
}
