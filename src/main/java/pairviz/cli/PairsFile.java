package pairviz.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;
import pairviz.util.AtomicFiles;

/**
 * Reads a file of image pairs: one {@code A B} per line, blank lines and {@code #} comments
 * ignored. A bad line (not two fields, an image that does not exist) does not stop the others:
 * it is kept with its line number and what is wrong.
 */
final class PairsFile {
    private PairsFile() {}

    /** One pair, from line {@code line} (1-based) of the file. */
    record Pair(int line, Path a, Path b) {}

    /** A line that cannot be explained, and why. */
    record BadLine(int line, String problem) {}

    /** The pairs of a file, its bad lines, and the file (for messages). */
    record Contents(Path file, List<Pair> pairs, List<BadLine> bad) {
        /** Every image the good lines name. */
        List<Path> images() {
            List<Path> out = new ArrayList<>();
            pairs.forEach(p -> {
                out.add(p.a());
                out.add(p.b());
            });
            return out;
        }
    }

    /**
     * Reads a pairs file, or standard input for {@code -}. Every line is judged alone: one that is
     * not UTF-8, holds a NUL byte, has not two fields or names an image that cannot be read is a
     * {@link BadLine}; the others are pairs. A file that is not a regular file (a device, pipe or
     * socket) is refused at once, as such an image is: it might never end.
     */
    static Contents read(Path file) {
        List<String> lines = lines(file);
        Path base = isStdin(file) ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
        List<Pair> pairs = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i) == null ? null : lines.get(i).strip();
            if (line == null) {
                bad.add(new BadLine(i + 1, "not UTF-8 text"));
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.indexOf('\0') >= 0) {
                bad.add(new BadLine(i + 1, "holds a NUL byte, which no file name can"));
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                bad.add(new BadLine(i + 1, "expected two image paths, found " + parts.length + " fields"));
                continue;
            }
            Pair pair;
            try {
                pair = new Pair(i + 1, base.resolve(parts[0]), base.resolve(parts[1]));
            } catch (InvalidPathException e) {
                bad.add(new BadLine(i + 1, "not a file name: " + e.getReason()));
                continue;
            }
            try {
                ImageChecks.requireReadable(pair.a());
                ImageChecks.requireReadable(pair.b());
                pairs.add(pair);
            } catch (PairvizException e) {
                bad.add(new BadLine(i + 1, e.getMessage()));
            }
        }
        if (pairs.isEmpty() && bad.isEmpty()) {
            throw new PairvizException("pairs file " + file + " lists no pairs");
        }
        return new Contents(file, pairs, bad);
    }

    /** Whether the pairs come from standard input ({@code -}). */
    static boolean isStdin(Path file) {
        return AtomicFiles.STDOUT.equals(file.toString());
    }

    /** The file's lines, each decoded alone (null for a line that is not UTF-8). */
    private static List<String> lines(Path file) {
        byte[] bytes;
        boolean stdin = isStdin(file);
        try {
            if (stdin) {
                bytes = System.in.readAllBytes();
            } else {
                if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
                    throw new PairvizException("pairs file " + file + " is not a regular file (a device, pipe or socket);"
                            + " give a file, or - for standard input");
                }
                if (Files.isDirectory(file)) {
                    throw new PairvizException("pairs file " + file + " is a folder");
                }
                bytes = Files.readAllBytes(file);
            }
        } catch (NoSuchFileException e) {
            throw new PairvizException("pairs file " + file + " does not exist");
        } catch (IOException e) {
            throw new PairvizException("cannot read pairs file " + file + ": " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i == bytes.length && start == i) {
                    break;
                }
                try {
                    out.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, start, i - start)).toString());
                } catch (CharacterCodingException e) {
                    out.add(null);
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** How many bad lines a message names before it gives only their count. */
    static final int NAMED = 5;

    /**
     * The pairs of a file that is used as a whole (a figure of every pair): the first bad line
     * fails it.
     */
    static List<Path[]> readAll(Path file) {
        Contents c = read(file);
        if (!c.bad().isEmpty()) {
            BadLine first = c.bad().get(0);
            throw new PairvizException("pairs file " + file + ", line " + first.line() + ": " + first.problem());
        }
        return c.pairs().stream().map(p -> new Path[] {p.a(), p.b()}).toList();
    }

    /**
     * The one-line failure for the bad lines of a run that explained {@code explained} pairs: how
     * many failed, the first {@link #NAMED} by number and why, then the count of the others (the
     * JSON lines name every one).
     */
    static PairvizException failure(Path file, List<BadLine> bad, int explained) {
        List<BadLine> sorted = bad.stream().sorted(java.util.Comparator.comparingInt(BadLine::line)).toList();
        StringBuilder sb = new StringBuilder("pairs file " + file + ": ");
        if (sorted.size() == 1) {
            sb.append("line ").append(sorted.get(0).line()).append(": ").append(sorted.get(0).problem());
        } else {
            sb.append(sorted.size()).append(" lines failed (");
            for (int i = 0; i < Math.min(NAMED, sorted.size()); i++) {
                sb.append(i == 0 ? "" : "; ").append("line ").append(sorted.get(i).line()).append(": ")
                        .append(sorted.get(i).problem());
            }
            if (sorted.size() > NAMED) {
                sb.append("; and ").append(sorted.size() - NAMED).append(" more");
            }
            sb.append(')');
        }
        sb.append(explained == 0 ? "; no pair was explained" : explained == 1 ? "; the other pair was explained"
                : "; the " + explained + " other pairs were explained");
        return new PairvizException(sb.toString());
    }
}
