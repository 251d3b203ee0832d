package pairviz.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import pairviz.PairvizException;
import pairviz.util.AtomicFiles;

/**
 * Checks of output paths before any work starts, so that a run does not compute for an hour and
 * then fail to write, and never writes over one of its own inputs.
 */
final class OutputChecks {
    private OutputChecks() {}

    /**
     * Refuses {@code output} (given as {@code flag}) if it is one of {@code inputs}, or cannot be
     * created: its nearest existing folder must let us create a file.
     */
    static void requireWritableFile(String flag, Path output, Collection<Path> inputs) {
        if (output == null || AtomicFiles.isDirect(output)) {
            return; // standard output, a device or a pipe: written directly, nothing to create
        }
        for (Path in : inputs) {
            if (same(output, in)) {
                throw new PairvizException(flag + " " + output + " is one of the inputs; it would be overwritten");
            }
        }
        if (Files.isDirectory(output)) {
            throw new PairvizException(flag + " " + output + " is a folder, not a file");
        }
        probe(flag, output, output.toAbsolutePath().getParent());
    }

    /** Refuses a folder {@code dir} (given as {@code flag}) that is a file or cannot be created or written. */
    static void requireWritableFolder(String flag, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new PairvizException(flag + " " + dir + " is a file, not a folder");
        }
        probe(flag, dir, dir.toAbsolutePath());
    }

    /** Creates and deletes a file in the nearest existing folder of {@code folder}. */
    private static void probe(String flag, Path output, Path folder) {
        Path dir = folder;
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new PairvizException(flag + " " + output + " cannot be created: " + dir + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".pairviz-probe", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new PairvizException(flag + " " + output + " cannot be written: "
                    + (dir.equals(folder) ? "" : "its folder would go in " + dir + ", where ")
                    + "no file can be created (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        String m = e.getClass().getSimpleName().replace("Exception", "");
        return m.equals("AccessDenied") ? "permission denied" : m.isEmpty() ? String.valueOf(e.getMessage()) : m;
    }

    private static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall back to comparing the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
