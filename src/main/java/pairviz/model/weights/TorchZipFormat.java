package pairviz.model.weights;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    /** The weights in {@code zip}, which must hold a {@code data.pkl} ({@link #findPickle}). */
    static Map<String, Tensor> read(ZipFile zip) throws IOException {
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
        return TorchStateDicts.materialize(refs, storage -> readStorage(zip, prefix, storage, order));
    }

    private static float[] readStorage(ZipFile zip, String prefix, StorageRef storage, ByteOrder order)
            throws IOException {
        String name = "data/" + storage.key();
        ZipEntry entry = zip.getEntry(prefix + name);
        if (entry == null) {
            throw BadCheckpoint.corrupt("storage " + name + " is missing from the archive");
        }
        long bytes = storage.numel() * storage.dtype().size;
        if (entry.getSize() != bytes) { // torch.save writes exactly the storage's bytes
            throw BadCheckpoint.corrupt("storage " + name + " has " + entry.getSize() + " bytes, expected " + bytes);
        }
        try (ZipEntries.Entry in = ZipEntries.open(zip, entry, "storage " + name)) {
            float[] values = RawData.read(in, storage.numel(), storage.dtype(), order, "storage " + name);
            in.finish();
            return values;
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
