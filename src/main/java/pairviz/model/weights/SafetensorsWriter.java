package pairviz.model.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.util.AtomicFiles;

/**
 * Writes a {@link StateDict} as {@code .safetensors}: all tensors F32, in the dict's order, the
 * JSON header padded with spaces to a multiple of 8 bytes so the data is aligned. The file is
 * written atomically: readers see the old file or the complete new one.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Writes {@code dict} to {@code file} with the given {@code __metadata__} strings.
     *
     * @param metadata stored as {@code __metadata__}; {@code null} or empty for none
     * @throws PairvizException if the file cannot be written (it is then left untouched)
     */
    public static void write(Path file, StateDict dict, Map<String, String> metadata) {
        byte[] header = header(dict, metadata);
        try {
            AtomicFiles.write(file, out -> {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                out.write(len.array());
                out.write(header);
                byte[] chunk = new byte[1 << 16];
                for (Tensor t : dict.asMap().values()) {
                    writeFloats(out, t.data(), chunk);
                }
            });
        } catch (UncheckedIOException e) {
            throw new PairvizException(e.getMessage().replaceAll("\\s+", " "), e);
        }
    }

    /** The JSON header, space-padded to a multiple of 8 bytes. */
    static byte[] header(StateDict dict, Map<String, String> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            json.put(SafetensorsFormat.METADATA, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : dict.asMap().entrySet()) {
            if (e.getKey().equals(SafetensorsFormat.METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be called " + SafetensorsFormat.METADATA);
            }
            long bytes = e.getValue().numel() * 4;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", Arrays.stream(e.getValue().shape()).boxed().toList());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            json.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] text;
        try {
            text = JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode safetensors header", e);
        }
        int padded = (text.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(text, padded);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }

    private static void writeFloats(OutputStream out, float[] data, byte[] chunk) throws java.io.IOException {
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = chunk.length / 4;
        for (int i = 0; i < data.length; i += perChunk) {
            int n = Math.min(perChunk, data.length - i);
            buf.clear();
            buf.asFloatBuffer().put(data, i, n);
            out.write(chunk, 0, n * 4);
        }
    }
}
