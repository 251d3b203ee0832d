package pairviz.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;
import pairviz.util.AtomicFiles;

/**
 * The files an embedding run leaves: a float32 matrix ({@link Npy}) and text files with one entry
 * per row (labels, image paths): UTF-8, one entry per line, '\n' or "\r\n" line ends, a final line
 * end optional, no empty entries.
 */
public final class EmbeddingFiles {
    private EmbeddingFiles() {}

    /** E.npy, E.labels.txt, E.paths.txt for embeddings named E.npy (or E), as {@code pairviz embed} writes them. */
    public static Path[] names(Path out) {
        String name = out.getFileName().toString().replaceFirst("\\.npy$", "");
        Path dir = out.toAbsolutePath().getParent();
        return new Path[] {dir.resolve(name + ".npy"), dir.resolve(name + ".labels.txt"), dir.resolve(name + ".paths.txt")};
    }

    /**
     * Reads a matrix and its labels, which must have one line per row.
     *
     * @throws PairvizException naming the file at fault
     */
    public static LabelledEmbeddings readLabelled(Path embeddings, Path labels) {
        FloatMatrix m = Npy.read(embeddings);
        List<String> l = readLines(labels);
        if (l.size() != m.rows()) {
            throw new PairvizException(labels + " has " + l.size() + " labels but " + embeddings + " has "
                    + m.rows() + " rows");
        }
        return new LabelledEmbeddings(m, l);
    }

    /** Writes a matrix and its labels (each atomically). */
    public static void writeLabelled(Path embeddings, Path labels, LabelledEmbeddings data) {
        Npy.write(embeddings, data.embeddings());
        writeLines(labels, data.labels());
    }

    /**
     * Reads a text file of one entry per line (labels or paths).
     *
     * @throws PairvizException if it is missing, not UTF-8, or has an empty line
     */
    public static List<String> readLines(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new PairvizException("no such file: " + file);
        } catch (CharacterCodingException e) {
            throw new PairvizException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new PairvizException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            String line = text.substring(start, end < 0 ? text.length() : end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                throw new PairvizException(file + " line " + (lines.size() + 1) + " is empty");
            }
            lines.add(line);
            start = next;
        }
        return lines;
    }

    /**
     * Writes one entry per line, UTF-8, each line ended by '\n', atomically.
     *
     * @throws PairvizException if an entry is empty or holds a line break
     */
    public static void writeLines(Path file, List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i);
            if (s.isEmpty() || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                throw new PairvizException("cannot write " + file + ": entry " + (i + 1)
                        + " is empty or holds a line break");
            }
            sb.append(s).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
