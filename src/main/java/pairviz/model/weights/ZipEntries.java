package pairviz.model.weights;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens zip entries so that a hostile archive cannot cost more than it declares: the declared
 * size is checked against the compressed bytes in the file before anything is inflated, an entry
 * never yields more than its declared size, and its CRC-32 is checked once it has been read to
 * the end ({@link java.util.zip.ZipFile} itself checks neither).
 */
final class ZipEntries {
    private ZipEntries() {}

    /** Deflate cannot inflate more than about 1032 bytes from one compressed byte. */
    static final long MAX_DEFLATE_RATIO = 1032;

    /**
     * The bytes of {@code entry}.
     *
     * @param what names the entry in messages, e.g. "storage data/0"
     */
    static Entry open(ZipFile zip, ZipEntry entry, String what) throws IOException {
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0) {
            throw BadCheckpoint.corrupt(what + " does not declare its size");
        }
        if (entry.getMethod() == ZipEntry.DEFLATED && compressed >= 0 && size > compressed * MAX_DEFLATE_RATIO + 1024) {
            throw BadCheckpoint.corrupt(what + " declares " + size + " bytes but holds " + compressed
                    + " compressed bytes, from which deflate cannot make that many");
        }
        return new Entry(zip.getInputStream(entry), size, entry.getCrc(), what);
    }

    /** An entry's stream: at most its declared size, CRC checked at its end. */
    static final class Entry extends FilterInputStream {
        private final long size;
        private final long crc;
        private final String what;
        private final CRC32 actual = new CRC32();
        private long count;
        private boolean checked;

        private Entry(InputStream in, long size, long crc, String what) {
            super(in);
            this.size = size;
            this.crc = crc;
            this.what = what;
        }

        /** The declared (uncompressed) size. */
        long size() {
            return size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, Math.max(1, size - count + 1)));
            if (n < 0) {
                check();
                return -1;
            }
            count += n;
            if (count > size) {
                throw BadCheckpoint.corrupt(what + " inflates to more than the " + size + " bytes it declares");
            }
            actual.update(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
            int got = read(buf, 0, buf.length);
            return Math.max(got, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        /** Reads the rest of the entry and checks its length and CRC-32. */
        void finish() throws IOException {
            byte[] buf = new byte[1 << 16];
            while (read(buf, 0, buf.length) >= 0) {
                // drained: the CRC is checked at the end
            }
        }

        private void check() {
            if (checked) {
                return;
            }
            checked = true;
            if (count != size) {
                throw BadCheckpoint.corrupt(what + " has " + count + " bytes, its zip entry declares " + size);
            }
            requireCrc(crc, actual.getValue(), what);
        }
    }

    /** Refuses an entry whose bytes' CRC-32 {@code actual} is not the {@code declared} one (-1: none declared). */
    static void requireCrc(long declared, long actual, String what) {
        if (declared >= 0 && actual != declared) {
            throw BadCheckpoint.corrupt(what + " fails its zip CRC check (the bytes were changed)");
        }
    }
}
