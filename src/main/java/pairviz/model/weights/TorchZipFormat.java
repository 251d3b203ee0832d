package pairviz.model.weights;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import pairviz.model.weights.TorchUnpickler.StorageRef;

/**
 * Reads {@code torch.save} zip archives (PyTorch 1.6 and later): {@code PREFIX/data.pkl} holds
 * the pickled object tree, {@code PREFIX/data/KEY} the raw bytes of each storage, and an optional
 * {@code PREFIX/byteorder} says whether they are little- or big-endian.
 */
final class TorchZipFormat {
    private TorchZipFormat() {}

    private static final String PICKLE = "data.pkl";
    /** Largest {@code data.pkl} accepted: the pickle of a large ViT's state dict takes about 100 KB. */
    static final long MAX_PICKLE = 256L << 20;

    /** The {@code data.pkl} entry at the archive's top or one folder down, or {@code null}. */
    static ZipEntry findPickle(ZipFile zip) {
        return zip.stream()
                .filter(e -> e.getName().equals(PICKLE)
                        || e.getName().endsWith("/" + PICKLE) && e.getName().indexOf('/') == e.getName().length() - PICKLE.length() - 1)
                .findFirst().orElse(null);
    }

    /**
     * The weights in {@code zip}, the archive {@code file}, which must hold a {@code data.pkl}
     * ({@link #findPickle}). Storages of little-endian float32 that the archive stores uncompressed
     * (as {@code torch.save} writes them) stay in the file's bytes through a memory map, checked
     * against their CRC-32; the rest are read into arrays.
     */
    static Map<String, Tensor> read(ZipFile zip, Path file) throws IOException {
        ZipEntry pickle = findPickle(zip);
        String prefix = pickle.getName().substring(0, pickle.getName().length() - PICKLE.length());
        ByteOrder order = byteOrder(zip, prefix);
        Object root;
        try (ZipEntries.Entry entry = ZipEntries.open(zip, pickle, PICKLE)) {
            if (entry.size() > MAX_PICKLE) {
                throw BadCheckpoint.corrupt(PICKLE + " declares " + entry.size()
                        + " bytes, more than the pickle of a state dict takes (at most " + MAX_PICKLE + ")");
            }
            root = TorchUnpickler.load(new BufferedInputStream(entry, 1 << 16), entry.size());
            entry.finish();
        }
        Map<String, Object> refs = TorchStateDicts.locate(root);
        try (Storages storages = new Storages(zip, file, prefix, order)) {
            return TorchStateDicts.materialize(refs, storages);
        }
    }

    /** The archive's storages: mapped where they can be, read otherwise. */
    private static final class Storages implements TorchStateDicts.StorageSource, AutoCloseable {
        private final ZipFile zip;
        private final String prefix;
        private final ByteOrder order;
        private final org.apache.commons.compress.archivers.zip.ZipFile offsets; // where each entry's bytes start
        private final FileChannel channel;

        Storages(ZipFile zip, Path file, String prefix, ByteOrder order) throws IOException {
            this.zip = zip;
            this.prefix = prefix;
            this.order = order;
            this.offsets = offsets(file);
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        }

        /** The archive read for its data offsets; null (every storage read, none mapped) where that reader refuses it. */
        private static org.apache.commons.compress.archivers.zip.ZipFile offsets(Path file) {
            try {
                return org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(file).get();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private ZipEntry entry(StorageRef storage) {
            String name = "data/" + storage.key();
            ZipEntry entry = zip.getEntry(prefix + name);
            if (entry == null) {
                throw BadCheckpoint.corrupt("storage " + name + " is missing from the archive");
            }
            long bytes = storage.numel() * storage.dtype().size;
            if (entry.getSize() != bytes) { // torch.save writes exactly the storage's bytes
                throw BadCheckpoint.corrupt("storage " + name + " has " + entry.getSize() + " bytes, expected " + bytes);
            }
            return entry;
        }

        /**
         * Where the storage's bytes start in the file when they can stay there: little-endian float32
         * worth a map ({@link RawData#worthMapping}), stored uncompressed and inside the file;
         * -1 when they are read instead.
         */
        private long mappedAt(StorageRef storage, ZipEntry entry) throws IOException {
            if (storage.dtype() != DType.F32 || order != ByteOrder.LITTLE_ENDIAN || !RawData.worthMapping(storage.numel())
                    || offsets == null) {
                return -1;
            }
            var e = offsets.getEntry(entry.getName());
            if (e == null || e.getMethod() != ZipEntry.STORED || e.getDataOffset() < 0
                    || e.getDataOffset() + entry.getSize() > channel.size()) {
                return -1;
            }
            return e.getDataOffset();
        }

        @Override
        public boolean keepsMapped(StorageRef storage) {
            try {
                return mappedAt(storage, entry(storage)) >= 0;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public Tensor load(StorageRef storage) throws IOException {
            ZipEntry entry = entry(storage);
            String what = "storage data/" + storage.key();
            long start = mappedAt(storage, entry);
            ByteBuffer bytes = start < 0 ? null : RawData.mapFloats(channel, start, storage.numel());
            if (bytes != null) {
                CRC32 crc = new CRC32();
                crc.update(bytes.duplicate());
                ZipEntries.requireCrc(entry.getCrc(), crc.getValue(), what);
                return Tensor.mapped(new long[] {storage.numel()}, bytes);
            }
            try (ZipEntries.Entry in = ZipEntries.open(zip, entry, what)) {
                float[] values = RawData.read(in, storage.numel(), storage.dtype(), order, what);
                in.finish();
                return new Tensor(new long[] {values.length}, values);
            }
        }

        @Override
        public void close() throws IOException {
            try (channel) {
                if (offsets != null) {
                    offsets.close();
                }
            }
        }
    }

    private static ByteOrder byteOrder(ZipFile zip, String prefix) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return ByteOrder.LITTLE_ENDIAN; // archives before PyTorch 1.13ish: always little-endian
        }
        try (InputStream in = zip.getInputStream(e)) {
            String text = new String(in.readNBytes(16), StandardCharsets.US_ASCII).strip();
            return switch (text) {
                case "little" -> ByteOrder.LITTLE_ENDIAN;
                case "big" -> ByteOrder.BIG_ENDIAN;
                default -> throw BadCheckpoint.corrupt("byteorder entry says '" + text + "'");
            };
        }
    }
}
