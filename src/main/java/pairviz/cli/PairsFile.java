package pairviz.cli;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;

/** Reads a file of image pairs: one {@code A B} per line, blank lines and {@code #} comments ignored. */
final class PairsFile {
    private PairsFile() {}

    static List<Path[]> read(Path file) {
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
        List<Path[]> pairs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new PairvizException("pairs file " + file + ", line " + (i + 1) + ": expected two image paths, found "
                        + parts.length + " fields");
            }
            pairs.add(new Path[] {base.resolve(parts[0]), base.resolve(parts[1])});
        }
        if (pairs.isEmpty()) {
            throw new PairvizException("pairs file " + file + " lists no pairs");
        }
        return pairs;
    }
}
