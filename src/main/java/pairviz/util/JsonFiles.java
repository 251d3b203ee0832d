package pairviz.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one way pairviz writes a JSON file: Jackson, through {@link AtomicFiles} (a reader never
 * sees half a file, a failed write leaves the old one). Objects, lists, records and maps are
 * written as Jackson writes them; maps keep their order.
 */
public final class JsonFiles {
    private JsonFiles() {}

    /** The shared mapper (it never closes the stream it writes to). */
    public static final ObjectMapper MAPPER = new ObjectMapper().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    /** Two-space indents and LF line ends on every platform; arrays stay on one line. */
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    /**
     * Writes {@code value} as one pretty-printed document with a trailing newline, atomically.
     *
     * @throws UncheckedIOException if the file cannot be written (or the value not serialised);
     *     the file is then untouched
     */
    public static void write(Path file, Object value) {
        AtomicFiles.write(file, out -> {
            PRETTY.writeValue(out, value);
            out.write('\n');
        });
    }

    /**
     * Writes {@code values} as JSON lines: one compact document per line, atomically.
     *
     * @throws UncheckedIOException if the file cannot be written; the file is then untouched
     */
    public static void writeLines(Path file, List<?> values) {
        AtomicFiles.write(file, out -> {
            for (Object v : values) {
                MAPPER.writeValue(out, v);
                out.write('\n');
            }
        });
    }
}
