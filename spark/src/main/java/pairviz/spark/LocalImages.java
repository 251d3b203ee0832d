package pairviz.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Images as local files, for the core's readers (which read files: the EXIF orientation, the
 * checks and messages of {@code ImageFiles}): a plain path or {@code file:} URI is the file
 * itself; an image on another Hadoop file system ({@code hdfs://...}), or an image's bytes from a
 * table, is written to a temporary folder of this object's, which {@link #close} removes. Copies
 * keep the image's folders and name (its picture names follow them).
 */
public final class LocalImages implements AutoCloseable {
    private final Configuration conf;
    private final Map<String, Path> copies = new HashMap<>();
    private Path dir;

    /** Images read with Hadoop's configuration {@code conf}. */
    public LocalImages(Configuration conf) {
        this.conf = conf;
    }

    /**
     * The URI scheme of {@code path}, lower case, or null for a plain path (a colon in a file
     * name, a Windows drive letter).
     */
    public static String scheme(String path) {
        int colon = path.indexOf(':');
        int slash = path.indexOf('/');
        if (colon < 2 || (slash >= 0 && slash < colon) || !path.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return null;
        }
        return path.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether {@code path} (null: none) lies on another file system than the local one: a URI of another scheme than file:. */
    public static boolean remote(String path) {
        String scheme = path == null ? null : scheme(path);
        return scheme != null && !scheme.equals("file");
    }

    /** The local file of the image at {@code path}: itself, or a copy (made once). */
    public synchronized Path of(String path) {
        if (!remote(path)) { // a path as the core's dataset readers give it, taken as is; a file: URI's path
            return path.regionMatches(true, 0, "file:", 0, 5) ? Path.of(new org.apache.hadoop.fs.Path(path).toUri().getPath())
                    : Path.of(path);
        }
        Path copy = copies.get(path);
        if (copy == null) {
            copy = place(path);
            org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(path);
            try {
                FileSystem fs = from.getFileSystem(conf);
                if (fs.exists(from)) {
                    try (var in = fs.open(from)) {
                        Files.copy(in, copy);
                    }
                } // else no copy: the core's reader says "no such file", of the image's own path (message)
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
            copies.put(path, copy);
        }
        return copy;
    }

    /** A local file holding {@code bytes}, the image at {@code path} (null: none, the file is then missing). */
    public synchronized Path of(String path, byte[] bytes) {
        Path copy = place(path);
        try {
            if (bytes != null) {
                Files.write(copy, bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a copy of " + path + ": " + e.getMessage(), e);
        }
        copies.put(path, copy);
        return copy;
    }

    /** A core reader's message about {@code local}, the copy of {@code path}, as about {@code path}. */
    public static String message(String message, Path local, String path) {
        return message == null ? null : message.replace(local.toString(), path);
    }

    /** Where the copy of {@code path} goes: its host and folders under this object's folder. */
    private Path place(String path) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("pairviz-images-");
            }
            java.net.URI uri = new org.apache.hadoop.fs.Path(path).toUri();
            String host = uri.getAuthority() == null ? "_" : uri.getAuthority().replace(':', '_');
            Path copy = dir.resolve(host).resolve(uri.getPath().replaceFirst("^/+", "")).normalize();
            if (!copy.startsWith(dir.resolve(host)) || copies.containsValue(copy) || copy.equals(dir.resolve(host))) {
                // a name leading out of the folder, or one another image's copy already has ("x.png", "/x.png")
                copy = dir.resolve("_" + copies.size()).resolve(new org.apache.hadoop.fs.Path(path).getName());
            }
            Files.createDirectories(copy.getParent());
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for a copy of " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes every copy. */
    @Override
    public synchronized void close() {
        copies.clear();
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
        dir = null;
    }
}
