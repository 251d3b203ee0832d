package pairviz.model.weights;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives: a zip of {@code NAME.npy} files (format versions 1 to 3,
 * stored or deflated), each a magic string, a Python-literal header
 * ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}) and the raw data.
 */
final class NpzFormat {
    private NpzFormat() {}

    static final String SUFFIX = ".npy";
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Whether {@code zip} holds at least one {@code .npy} entry. */
    static boolean isNpz(ZipFile zip) {
        return zip.stream().anyMatch(e -> !e.isDirectory() && e.getName().endsWith(SUFFIX));
    }

    /** Whether the first bytes are those of a single {@code .npy} file. */
    static boolean isNpy(byte[] head, int headLength) {
        if (headLength < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The arrays, named by entry name without {@code .npy}, in archive order. */
    static Map<String, Tensor> read(ZipFile zip) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            if (e.isDirectory() || !e.getName().endsWith(SUFFIX)) {
                continue;
            }
            String name = e.getName().substring(0, e.getName().length() - SUFFIX.length());
            try (ZipEntries.Entry entry = ZipEntries.open(zip, e, "entry " + e.getName())) {
                out.put(name, readNpy(new BufferedInputStream(entry, 1 << 16), name, entry.size()));
                entry.finish();
            }
        }
        return out;
    }

    /** Layout of one array, parsed from its header. */
    record Header(DType dtype, ByteOrder order, boolean fortranOrder, long[] shape) {}

    /**
     * Reads one {@code .npy} array of at most {@code size} bytes; its shape is checked against
     * that size and the memory left before the values are allocated.
     */
    static Tensor readNpy(InputStream in, String name, long size) throws IOException {
        Header h = readHeader(in, name);
        String what = "array '" + name + "'";
        long numel;
        try {
            numel = Tensor.numelOf(h.shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw BadCheckpoint.corrupt(what + " has an invalid shape");
        }
        if (numel > size / h.dtype.size) {
            throw BadCheckpoint.corrupt(what + " declares " + numel + " values, more than its " + size + " bytes hold");
        }
        RawData.checkMemory(numel);
        float[] raw = RawData.read(in, numel, h.dtype, h.order, what);
        if (!h.fortranOrder || h.shape.length < 2) {
            return new Tensor(h.shape, raw);
        }
        // column-major: element (i0..ik) sits at i0 + d0*(i1 + d1*(...)), so gather with those strides
        long[] strides = new long[h.shape.length];
        long s = 1;
        for (int d = 0; d < strides.length; d++) {
            strides[d] = s;
            s *= h.shape[d];
        }
        return new Tensor(h.shape, RawData.gather(raw, 0, h.shape, strides, what));
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static Header readHeader(InputStream in, String name) throws IOException {
        byte[] pre = in.readNBytes(MAGIC.length + 2);
        if (!isNpy(pre, pre.length) || pre.length < MAGIC.length + 2) {
            throw BadCheckpoint.corrupt("entry " + name + SUFFIX + " is not a NumPy .npy array");
        }
        int major = pre[6] & 0xff;
        int lengthBytes = major == 1 ? 2 : 4;
        if (major < 1 || major > 3) {
            throw new BadCheckpoint("uses .npy format version " + major + " for '" + name + "', which is not supported");
        }
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length != lengthBytes) {
            throw BadCheckpoint.corrupt("header of array '" + name + "' ends early");
        }
        ByteBuffer lb = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes == 2 ? lb.getShort() & 0xffff : lb.getInt() & 0xffffffffL;
        if (headerLength > 1 << 24) {
            throw BadCheckpoint.corrupt("header of array '" + name + "' is " + headerLength + " bytes long");
        }
        byte[] text = in.readNBytes((int) headerLength);
        if (text.length != headerLength) {
            throw BadCheckpoint.corrupt("header of array '" + name + "' ends early");
        }
        String header = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new BadCheckpoint("has array '" + name + "' with a header this reader does not understand: "
                    + header.strip());
        }
        String d = descr.group(1);
        return new Header(dtypeOf(name, d), orderOf(d), fortran.group(1).equals("True"), shapeOf(name, shape.group(1)));
    }

    private static DType dtypeOf(String name, String descr) {
        String kind = descr.length() == 3 ? descr.substring(1) : "";
        DType t = switch (kind) {
            case "f8" -> DType.F64;
            case "f4" -> DType.F32;
            case "f2" -> DType.F16;
            case "i8" -> DType.I64;
            case "i4" -> DType.I32;
            case "i2" -> DType.I16;
            case "i1" -> DType.I8;
            case "u8" -> DType.U64;
            case "u4" -> DType.U32;
            case "u2" -> DType.U16;
            case "u1" -> DType.U8;
            case "b1" -> DType.BOOL;
            default -> null;
        };
        if (t == null || "<>|=".indexOf(descr.charAt(0)) < 0) {
            throw BadCheckpoint.unsupported(name, "'" + descr + "'");
        }
        return t;
    }

    private static ByteOrder orderOf(String descr) {
        return switch (descr.charAt(0)) {
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> ByteOrder.LITTLE_ENDIAN; // '<', or '|' for single bytes
        };
    }

    private static long[] shapeOf(String name, String tuple) {
        String[] parts = tuple.split(",");
        long[] shape = new long[parts.length];
        int n = 0;
        for (String p : parts) {
            String t = p.strip();
            if (t.endsWith("L")) {
                t = t.substring(0, t.length() - 1); // Python 2 longs
            }
            if (!t.isEmpty()) {
                try {
                    shape[n++] = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw BadCheckpoint.corrupt("array '" + name + "' has an invalid shape (" + tuple + ")");
                }
            }
        }
        return java.util.Arrays.copyOf(shape, n);
    }
}
