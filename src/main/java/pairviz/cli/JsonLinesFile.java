package pairviz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import pairviz.PairvizException;
import pairviz.util.JsonFiles;

/**
 * A JSON-lines file written as the records come, so that a run killed half-way keeps the records
 * it finished. The first record replaces an older file atomically (a run that finishes nothing
 * leaves it as it was); each later one is appended as one whole line.
 */
final class JsonLinesFile {
    private final Path file;
    private boolean started;

    JsonLinesFile(Path file) {
        this.file = file;
    }

    /** Writes {@code record} as the file's next line. */
    void append(Object record) {
        byte[] line;
        try {
            line = (JsonFiles.MAPPER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new PairvizException("cannot write " + file + ": " + e.getOriginalMessage(), e);
        }
        if (!started) {
            JsonFiles.writeLines(file, List.of(record));
            started = true;
            return;
        }
        try {
            Files.write(file, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
