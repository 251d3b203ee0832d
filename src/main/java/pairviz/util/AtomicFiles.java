package pairviz.util;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way pairviz writes an output (JSON, npy, pictures, text), so that a reader never sees
 * half of one:
 *
 * <ul>
 *   <li>{@code -}, and any path that is standard output ({@code /dev/stdout}, a link to
 *       {@code /proc/self/fd/1}), is standard output ({@code System.out});
 *   <li>a target that is not a regular file (a device such as {@code /dev/null}, a FIFO, a socket,
 *       anything under {@code /proc/}) is written directly and never replaced, renamed over or
 *       deleted;
 *   <li>a regular file (or a new one) is written to a temporary file in the same folder, which is
 *       then moved over the target in one step; a symbolic link to a regular file keeps its link and
 *       has the file it points to replaced. If writing fails, the temporary file is removed and the
 *       target is left as it was.
 * </ul>
 *
 * <p>Direct targets get the bytes in one write after they are all made, so a failure while making
 * them writes nothing there either.
 */
public final class AtomicFiles {
    /** The name that stands for standard output. */
    public static final String STDOUT = "-";

    private AtomicFiles() {}

    /**
     * Whether {@code target} is standard output: {@code -}, or a path that is the process's file
     * descriptor 1 ({@code /dev/stdout}, {@code /proc/self/fd/1}, a link to one of them, or the very
     * file standard output is redirected to).
     */
    public static boolean isStdout(Path target) {
        if (target == null) {
            return false;
        }
        if (target.getNameCount() == 1 && !target.isAbsolute() && STDOUT.equals(target.toString())) {
            return true;
        }
        try {
            return Files.exists(target) && Files.exists(FD1) && Files.isSameFile(target, FD1);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The process's standard output as a path (Linux). */
    private static final Path FD1 = Path.of("/proc/self/fd/1");

    /**
     * Whether {@code target} is written directly rather than replaced: standard output, an existing
     * target that is not a regular file or folder (device, FIFO, socket), or an existing path
     * under {@code /proc/}.
     */
    public static boolean isDirect(Path target) {
        if (isStdout(target)) {
            return true;
        }
        if (target.toAbsolutePath().normalize().startsWith("/proc/") && Files.exists(target)) {
            return true;
        }
        return Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target);
    }

    /** Something that writes bytes to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} as the class says: standard output, directly, or atomically (creating
     * its parent folders).
     *
     * @throws UncheckedIOException if the file cannot be written; the target is then untouched
     */
    public static void write(Path target, Writer writer) {
        if (isDirect(target)) {
            writeDirect(target, writer);
            return;
        }
        Path abs = target.toAbsolutePath();
        if (Files.isSymbolicLink(abs) && Files.isRegularFile(abs)) {
            try {
                abs = abs.toRealPath(); // replace the file the link points to, keep the link
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            readableByAll(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the target itself was never touched
                }
            }
        }
    }

    /** All the bytes first, then one write to standard output or the device, FIFO or socket. */
    private static void writeDirect(Path target, Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writer.write(bytes);
            if (isStdout(target)) {
                System.out.flush();
                System.out.write(bytes.toByteArray());
                System.out.flush();
                if (System.out.checkError()) {
                    throw new IOException("standard output is closed");
                }
                return;
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
                bytes.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + (isStdout(target) ? "to standard output" : target) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Temporary files are private (rw-------); the file they become is an ordinary one (rw-r--r--). */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Writes a string as UTF-8, atomically. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
