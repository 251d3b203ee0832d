package pairviz.cli;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;

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

    static Contents read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new PairvizException("pairs file " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new PairvizException("pairs file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new PairvizException("cannot read pairs file " + file + ": " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        List<Pair> pairs = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                bad.add(new BadLine(i + 1, "expected two image paths, found " + parts.length + " fields"));
                continue;
            }
            Pair pair = new Pair(i + 1, base.resolve(parts[0]), base.resolve(parts[1]));
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
     * The one-line failure for the bad lines of a run that explained {@code explained} pairs:
     * every bad line by number.
     */
    static PairvizException failure(Path file, List<BadLine> bad, int explained) {
        List<BadLine> sorted = bad.stream().sorted(java.util.Comparator.comparingInt(BadLine::line)).toList();
        StringBuilder sb = new StringBuilder("pairs file " + file + ": ");
        if (sorted.size() == 1) {
            sb.append("line ").append(sorted.get(0).line()).append(": ").append(sorted.get(0).problem());
        } else {
            sb.append(sorted.size()).append(" lines failed (");
            for (int i = 0; i < sorted.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append("line ").append(sorted.get(i).line()).append(": ")
                        .append(sorted.get(i).problem());
            }
            sb.append(')');
        }
        sb.append(explained == 0 ? "; no pair was explained" : explained == 1 ? "; the other pair was explained"
                : "; the " + explained + " other pairs were explained");
        return new PairvizException(sb.toString());
    }
}
