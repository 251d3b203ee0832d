package pairviz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import pairviz.PairvizException;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;

/**
 * A JSON-lines output written as the records come, so that a run killed half-way keeps the records
 * it finished. On a regular file, the first record replaces an older file atomically (a run that
 * finishes nothing leaves it as it was) and each later one is appended as one whole line. Standard
 * output ({@code -}), a device or a pipe is opened once and gets each line whole, flushed, and is
 * never replaced.
 */
final class JsonLinesFile implements AutoCloseable {
    private final Path file;
    private final boolean direct;
    private OutputStream stream;
    private boolean started;

    JsonLinesFile(Path file) {
        this.file = file;
        this.direct = AtomicFiles.isDirect(file);
    }

    /** Writes {@code record} as the output's next line. */
    void append(Object record) {
        byte[] line;
        try {
            line = (JsonFiles.MAPPER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new PairvizException("cannot write " + file + ": " + e.getOriginalMessage(), e);
        }
        try {
            if (direct) {
                if (stream == null) {
                    stream = AtomicFiles.isStdout(file) ? System.out
                            : Files.newOutputStream(file, StandardOpenOption.WRITE);
                }
                stream.write(line);
                stream.flush();
                return;
            }
            if (!started) {
                JsonFiles.writeLines(file, List.of(record));
                started = true;
                return;
            }
            Files.write(file, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes a device or pipe it opened (never standard output). */
    @Override
    public void close() {
        if (stream != null && stream != System.out) {
            try {
                stream.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
        stream = null;
    }
}
