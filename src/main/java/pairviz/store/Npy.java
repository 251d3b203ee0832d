package pairviz.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pairviz.PairvizException;
import pairviz.util.AtomicFiles;

/**
 * NumPy {@code .npy} files holding a 2-D float32 matrix ({@code '<f4'}, C order), as
 * {@code numpy.save} writes them. Reads format versions 1.0 to 3.0; writes 1.0, atomically.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Header alignment numpy uses (the data starts at a multiple of it). */
    private static final int ALIGN = 64;
    private static final int CHUNK = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * Reads a float32 matrix.
     *
     * @throws PairvizException if the file is missing, not an .npy file, not 2-D little-endian
     *                          float32 in C order, or shorter or longer than its header says
     */
    public static FloatMatrix read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer pre = readFully(ch, 8, file);
            byte[] magic = new byte[6];
            pre.get(magic);
            int major = pre.get() & 0xff;
            int minor = pre.get() & 0xff;
            if (!Arrays.equals(magic, MAGIC)) {
                throw bad(file, "not a NumPy .npy file (no \\x93NUMPY magic)");
            }
            if (major < 1 || major > 3 || minor != 0) {
                throw bad(file, "unsupported .npy format version " + major + "." + minor);
            }
            // Header length: little-endian uint16 in version 1, uint32 in versions 2 and 3.
            long headerLength = major == 1
                    ? readFully(ch, 2, file).getShort() & 0xffff
                    : readFully(ch, 4, file).getInt() & 0xffffffffL;
            return readBody(ch, file, headerLength, major == 1 ? 10 : 12);
        } catch (NoSuchFileException e) {
            throw new PairvizException("no such file: " + file);
        } catch (IOException e) {
            throw new PairvizException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static FloatMatrix readBody(FileChannel ch, Path file, long headerLength, int prefix)
            throws IOException {
        if (headerLength > 1 << 20) {
            throw bad(file, "header of " + headerLength + " bytes is implausibly long");
        }
        ByteBuffer hb = readFully(ch, (int) headerLength, file);
        String header = new String(hb.array(), StandardCharsets.ISO_8859_1).strip();
        String descr = find(DESCR, header, file, "descr");
        if (!descr.equals("<f4")) {
            throw bad(file, "dtype '" + descr + "' is not little-endian float32 ('<f4'); save with arr.astype('<f4')");
        }
        if (!find(FORTRAN, header, file, "fortran_order").equals("False")) {
            throw bad(file, "is in Fortran order; save np.ascontiguousarray(arr) instead");
        }
        long[] shape = parseShape(find(SHAPE, header, file, "shape"), file);
        if (shape.length != 2) {
            throw bad(file, "holds a " + shape.length + "-D array, expected a 2-D matrix (rows x dimensions)");
        }
        long count = shape[0] * shape[1];
        if (shape[0] > Integer.MAX_VALUE || shape[1] > Integer.MAX_VALUE || count > FloatMatrix.MAX_ELEMENTS) {
            throw bad(file, "matrix " + shape[0] + " x " + shape[1] + " is too large to load at once");
        }
        long expected = count * Float.BYTES;
        long found = ch.size() - prefix - headerLength;
        if (found != expected) {
            throw bad(file, "header says " + shape[0] + " x " + shape[1] + " float32 values (" + expected
                    + " bytes) but " + found + " bytes follow it");
        }
        float[] data = new float[(int) count];
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        int filled = 0;
        while (filled < data.length) {
            int n = Math.min(CHUNK / Float.BYTES, data.length - filled);
            buf.clear().limit(n * Float.BYTES);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw bad(file, "ends early");
                }
            }
            buf.flip();
            buf.asFloatBuffer().get(data, filled, n);
            filled += n;
        }
        return new FloatMatrix((int) shape[0], (int) shape[1], data);
    }

    /**
     * Writes {@code m} as a version 1.0 .npy file ({@code '<f4'}, C order), atomically: readable by
     * {@code numpy.load}.
     */
    public static void write(Path file, FloatMatrix m) {
        AtomicFiles.write(file, out -> {
            writeHeader(out, m.rows(), m.cols());
            writeFloats(out, m.data());
        });
    }

    /**
     * Writes {@code rows} rows of {@code cols} values, taken one at a time from {@code values}, as
     * {@link #write(Path, FloatMatrix)} does, never holding more than a row: for matrices larger
     * than memory (a cluster's embeddings streamed to one file). Atomic: a failure, or a row count
     * or width other than said, leaves {@code file} untouched.
     *
     * @throws PairvizException if {@code values} holds another number of rows, or a row of another width
     */
    public static void write(Path file, long rows, int cols, java.util.Iterator<float[]> values) {
        AtomicFiles.write(file, out -> {
            writeHeader(out, rows, cols);
            ByteBuffer buf = ByteBuffer.allocate(cols * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long written = 0;
            while (values.hasNext()) {
                float[] row = values.next();
                if (row.length != cols || written == rows) {
                    throw new PairvizException("cannot write " + file + ": row " + written + " has " + row.length
                            + " values, not " + cols + (written == rows ? ", after the " + rows + " rows said" : ""));
                }
                buf.clear();
                buf.asFloatBuffer().put(row);
                out.write(buf.array());
                written++;
            }
            if (written != rows) {
                throw new PairvizException("cannot write " + file + ": " + written + " rows came, not " + rows);
            }
        });
    }

    private static void writeHeader(OutputStream out, long rows, int cols) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        int pad = (ALIGN - unpadded % ALIGN) % ALIGN;
        String header = dict + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(new byte[] {1, 0, (byte) header.length(), (byte) (header.length() >>> 8)});
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void writeFloats(OutputStream out, float[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < data.length; ) {
            int n = Math.min(CHUNK / Float.BYTES, data.length - off);
            buf.clear();
            buf.asFloatBuffer().put(data, off, n);
            out.write(buf.array(), 0, n * Float.BYTES);
            off += n;
        }
    }

    private static ByteBuffer readFully(FileChannel ch, int n, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw bad(file, "is too short for a .npy header");
            }
        }
        return b.flip();
    }

    private static String find(Pattern p, String header, Path file, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw bad(file, "header has no readable '" + key + "' entry: " + header);
        }
        return m.group(1).strip();
    }

    private static long[] parseShape(String s, Path file) {
        String[] parts = s.split(",");
        return Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty()).mapToLong(p -> {
            try {
                return Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
            } catch (NumberFormatException e) {
                throw bad(file, "header has a bad shape (" + s + ")");
            }
        }).toArray();
    }

    private static PairvizException bad(Path file, String what) {
        return new PairvizException(file + ": " + what);
    }
}
