package pairviz.model.weights;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pairviz.model.weights.TorchUnpickler.StorageRef;

/**
 * Reads the legacy {@code torch.save} format (before PyTorch 1.6, or
 * {@code _use_new_zipfile_serialization=False}): five pickles back to back (magic number,
 * protocol version, system info, the object tree, the sorted list of storage keys), then for
 * each key an 8-byte little-endian element count followed by the storage's raw bytes.
 */
final class TorchLegacyFormat {
    private TorchLegacyFormat() {}

    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int PROTOCOL_VERSION = 1001;

    /** Whether the first bytes start a binary pickle (protocol 2 to 5). */
    static boolean looksLike(byte[] head, int headLength) {
        return headLength >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
    }

    static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             TorchUnpickler.Counted in = new TorchUnpickler.Counted(
                     new BufferedInputStream(Channels.newInputStream(ch), 1 << 16))) {
            long size = ch.size();
            java.util.function.LongSupplier left = () -> size - in.count;
            Object magic = new TorchUnpickler(left).load(in);
            if (!(magic instanceof Number n) || !MAGIC.equals(new BigInteger(n.toString()))) {
                throw new BadCheckpoint("is a Python pickle but not a torch.save checkpoint");
            }
            Object protocol = new TorchUnpickler(left).load(in);
            if (!(protocol instanceof Number p) || p.intValue() != PROTOCOL_VERSION) {
                throw new BadCheckpoint("uses torch.save protocol " + protocol + ", which this reader does not know");
            }
            Object sysInfo = new TorchUnpickler(left).load(in);
            ByteOrder order = sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))
                    ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            TorchUnpickler unpickler = new TorchUnpickler(left);
            Object root = unpickler.load(in);
            Object keys = new TorchUnpickler(left).load(in);
            if (!(keys instanceof List<?> keyList)) {
                throw BadCheckpoint.corrupt("storage key list missing");
            }
            Map<String, Long> offsets = locateStorages(ch, in.count, keyList, unpickler.storages());
            Map<String, Object> refs = TorchStateDicts.locate(root);
            return TorchStateDicts.materialize(refs, storage -> {
                long start = offsets.get(storage.key());
                return new Tensor(new long[] {storage.numel()},
                        RawData.read(ch, start, storage.numel(), storage.dtype(), order, "storage " + storage.key()));
            });
        }
    }

    /** Walks the storage records after the pickles: key -> offset of its first data byte. */
    private static Map<String, Long> locateStorages(FileChannel ch, long position, List<?> keys,
                                                    Map<String, StorageRef> storages) throws IOException {
        Map<String, Long> offsets = new HashMap<>();
        long pos = position;
        long size = ch.size();
        ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (Object k : keys) {
            String key = String.valueOf(k);
            StorageRef ref = storages.get(key);
            if (ref == null) {
                throw BadCheckpoint.corrupt("storage " + key + " is listed but never used");
            }
            count.clear();
            while (count.hasRemaining()) {
                if (ch.read(count, pos + count.position()) < 0) {
                    throw BadCheckpoint.corrupt("storage " + key + " is missing (file ends early)");
                }
            }
            long numel = count.flip().getLong();
            if (ref.dtype() == null) { // its element size is unknown, so the storages after it cannot be found
                throw new BadCheckpoint("has a storage of unsupported type " + ref.typeName());
            }
            int elementSize = ref.dtype().size;
            if (numel < ref.numel() || numel > size / elementSize) {
                throw BadCheckpoint.corrupt("storage " + key + " has " + numel + " elements, expected " + ref.numel());
            }
            offsets.put(key, pos + 8);
            pos += 8 + numel * elementSize;
            if (pos > size) {
                throw BadCheckpoint.corrupt("storage " + key + " ends early");
            }
        }
        for (String key : storages.keySet()) {
            if (!offsets.containsKey(key)) {
                throw BadCheckpoint.corrupt("storage " + key + " is missing");
            }
        }
        return offsets;
    }
}
