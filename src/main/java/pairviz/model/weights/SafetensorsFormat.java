package pairviz.model.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code .safetensors}: an 8-byte little-endian header length n, n bytes of JSON
 * ({@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}}),
 * then the raw little-endian data, offsets relative to its start.
 */
final class SafetensorsFormat {
    private SafetensorsFormat() {}

    static final String METADATA = "__metadata__";
    /** Largest header we accept (the reference implementation's limit). */
    static final long MAX_HEADER = 100L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the first bytes of a file of {@code fileSize} bytes look like a safetensors header. */
    static boolean looksLike(byte[] head, int headLength, long fileSize) {
        if (headLength < 9) {
            return false;
        }
        long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return n >= 2 && n <= MAX_HEADER && head[8] == '{';
    }

    /**
     * The tensors, in header order. Every entry's offsets are checked before any data is read:
     * inside the file, fitting its shape and dtype, and not overlapping another entry (a header
     * that puts every tensor at offset 0 would give garbage weights that look valid).
     */
    static Map<String, Tensor> read(Path file) throws IOException {
        return read(file, new LinkedHashMap<>());
    }

    /** {@link #read(Path)}, putting the {@code __metadata__} strings into {@code metadata}: the header is read once. */
    static Map<String, Tensor> read(Path file, Map<String, String> metadata) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(ch);
            metadata.putAll(metadata(header));
            long dataStart = 8 + header.length;
            long dataSize = ch.size() - dataStart;
            List<Entry> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals(METADATA)) {
                    entries.add(entry(dataSize, e.getKey(), e.getValue()));
                }
            }
            checkDisjoint(entries);
            Map<String, Tensor> out = new LinkedHashMap<>();
            List<Entry> copied = new ArrayList<>();
            for (Entry e : entries) { // float32 kept mapped: the engine uses the file's bytes as they are
                ByteBuffer mapped = e.dtype == DType.F32 ? RawData.mapFloats(ch, dataStart + e.begin, e.numel) : null;
                if (mapped != null) {
                    out.put(e.name, Tensor.mapped(e.shape, mapped));
                } else {
                    copied.add(e);
                    out.put(e.name, null); // keeps the header's order
                }
            }
            RawData.checkMemory(copied.stream().mapToLong(Entry::numel).sum());
            for (Entry e : copied) {
                out.put(e.name, new Tensor(e.shape, RawData.read(ch, dataStart + e.begin, e.numel, e.dtype,
                        ByteOrder.LITTLE_ENDIAN, "tensor '" + e.name + "'")));
            }
            return out;
        }
    }

    /** One header entry, checked: its data is bytes [begin, end) of the data section. */
    private record Entry(String name, DType dtype, long[] shape, long numel, long begin, long end) {}

    private static void checkDisjoint(List<Entry> entries) {
        List<Entry> sorted = entries.stream().filter(e -> e.end > e.begin)
                .sorted(Comparator.comparingLong(Entry::begin)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            Entry before = sorted.get(i - 1);
            Entry e = sorted.get(i);
            if (e.begin < before.end) {
                throw BadCheckpoint.corrupt("data of '" + e.name + "' (bytes " + e.begin + "-" + e.end
                        + ") overlaps that of '" + before.name + "' (bytes " + before.begin + "-" + before.end + ")");
            }
        }
    }

    /** The {@code __metadata__} strings (empty if none). */
    static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return metadata(readHeader(ch));
        }
    }

    private static Map<String, String> metadata(Header header) {
        JsonNode meta = header.json.get(METADATA);
        Map<String, String> out = new LinkedHashMap<>();
        if (meta == null || meta.isNull()) {
            return out;
        }
        if (!meta.isObject()) {
            throw BadCheckpoint.corrupt("safetensors __metadata__ is not an object");
        }
        meta.fields().forEachRemaining(e -> out.put(e.getKey(),
                e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        return out;
    }

    private record Header(long length, ObjectNode json) {}

    private static Header readHeader(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw BadCheckpoint.corrupt("safetensors header length missing");
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, len, 0);
        long n = len.flip().getLong();
        if (n < 2 || n > MAX_HEADER) {
            throw BadCheckpoint.corrupt("safetensors header length " + Long.toUnsignedString(n) + " is invalid");
        }
        if (8 + n > size) {
            throw BadCheckpoint.corrupt("safetensors header needs " + n + " bytes, the file has " + (size - 8));
        }
        ByteBuffer text = ByteBuffer.allocate((int) n);
        readFully(ch, text, 8);
        JsonNode json;
        try {
            json = JSON.readTree(new String(text.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw BadCheckpoint.corrupt("safetensors header is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw BadCheckpoint.corrupt("safetensors header is not a JSON object");
        }
        return new Header(n, (ObjectNode) json);
    }

    private static Entry entry(long dataSize, String name, JsonNode info) {
        JsonNode dtypeNode = info.get("dtype");
        JsonNode shapeNode = info.get("shape");
        JsonNode offsets = info.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual() || shapeNode == null || !shapeNode.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw BadCheckpoint.corrupt("safetensors entry '" + name + "' lacks dtype, shape or data_offsets");
        }
        DType dtype = dtypeOf(name, dtypeNode.textValue());
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        long numel;
        try {
            numel = Tensor.numelOf(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw BadCheckpoint.corrupt("safetensors entry '" + name + "' has an invalid shape " + shapeNode);
        }
        if (begin < 0 || end < begin || numel > Long.MAX_VALUE / dtype.size || end - begin != numel * dtype.size) {
            throw BadCheckpoint.corrupt("safetensors entry '" + name + "' has data_offsets " + offsets
                    + " that do not fit its shape " + shapeNode + " and dtype " + dtype);
        }
        if (end > dataSize) {
            throw BadCheckpoint.corrupt("data of '" + name + "' ends at byte " + end + " but the file holds only "
                    + dataSize + " data bytes");
        }
        return new Entry(name, dtype, shape, numel, begin, end);
    }

    private static DType dtypeOf(String name, String text) {
        String t = text.toUpperCase(Locale.ROOT);
        for (DType d : DType.values()) {
            if (d.name().equals(t)) {
                return d;
            }
        }
        throw BadCheckpoint.unsupported(name, text);
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw BadCheckpoint.corrupt("file ends early");
            }
            pos += n;
        }
    }
}
