package pairviz.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** What kind of thing a path names, in a user's words, for messages about files that are not regular files. */
public final class FileKinds {
    private FileKinds() {}

    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int FIFO = 0010000;

    /**
     * "a folder", "a character device", "a block device", "a named pipe (FIFO)", "a socket", or
     * "neither a regular file nor a folder" when the file system does not say; the path's links
     * are followed.
     */
    public static String describe(Path path) {
        if (Files.isDirectory(path)) {
            return "a folder";
        }
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            if (mode instanceof Integer m) {
                switch (m & TYPE_MASK) {
                    case CHARACTER_DEVICE: return "a character device";
                    case BLOCK_DEVICE: return "a block device";
                    case FIFO: return "a named pipe (FIFO)";
                    case SOCKET: return "a socket";
                    default: break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix attributes here: the generic words below
        }
        return Files.isSymbolicLink(path) && !Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "a broken link"
                : "neither a regular file nor a folder";
    }
}
