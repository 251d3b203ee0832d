package pairviz.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import pairviz.PairvizException;
import pairviz.spark.LocalImages;
import picocli.CommandLine;

/**
 * Where the folders and files a command names lie: a plain path or a {@code file:} URI is a local
 * file; any other URI ({@code hdfs://}, {@code s3a://}...) is read through Hadoop's file system for
 * its scheme (refused in one line when its connector is missing: {@link Connectors}).
 */
final class Locations {
    private Locations() {}

    /** The URI scheme of {@code value}, lower case, or null for a plain path ({@link LocalImages#scheme}). */
    static String scheme(String value) {
        return LocalImages.scheme(value);
    }

    /** Whether {@code value} (null: none) names a place another file system than the local one holds. */
    static boolean remote(String value) {
        return LocalImages.remote(value);
    }

    /**
     * The local file {@code value} names: a plain path, or a {@code file:} URI's path.
     *
     * @throws PairvizException for a URI of another scheme (the value of {@code option})
     */
    static Path local(String option, String value) {
        String s = scheme(value);
        if (s == null) {
            return Path.of(value);
        }
        if (s.equals("file")) {
            URI uri = new org.apache.hadoop.fs.Path(value).toUri(); // Hadoop's reading: spaces as written
            if (uri.getAuthority() != null && !uri.getAuthority().equalsIgnoreCase("localhost")) {
                throw new PairvizException(option + " " + value + " names the host " + uri.getAuthority()
                        + ": a file: URI names this machine's files (file:///PATH)");
            }
            return Path.of(uri.getPath());
        }
        throw new PairvizException(option + " " + value + ": this option takes a local path or a file:// URI, not " + s + "://");
    }
    /**
     * The words given for {@code option} (a URI as written, before any conversion: path options
     * read a file: URI as its local path, and would read hdfs://H/P as the relative path hdfs:/H/P),
     * or null if it was not given.
     */
    static String original(CommandLine.Model.CommandSpec spec, String option) {
        var o = spec.findOption(option);
        return o == null || o.originalStringValues().isEmpty() ? null : o.originalStringValues().get(0);
    }

    /**
     * Refuses a Hadoop URI of another scheme than {@code file:} given to any of {@code options},
     * which this command reads or writes on this machine only (it would otherwise read
     * {@code hdfs://H/P} as the relative path {@code hdfs:/H/P}).
     */
    static void requireLocal(CommandLine.Model.CommandSpec spec, String... options) {
        for (String option : options) {
            String value = original(spec, option);
            if (remote(value)) {
                throw new PairvizException(option + " " + value + ": " + spec.qualifiedName() + " reads and writes " + option
                        + " on this machine: give a local path or a file:// URI");
            }
        }
    }

    /**
     * A local copy of the checkpoint at the Hadoop URI {@code uri} and of every file beside it
     * (what the loader may read besides the weights: a Hugging Face config.json, a preprocessing
     * file, TensorFlow.js shards, ONNX external data), in a new folder under the temporary folder;
     * said in one line on stderr.
     *
     * @return the copy of the checkpoint
     */
    static Path fetchModel(String option, String uri, Configuration conf) {
        org.apache.hadoop.fs.Path weights = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = weights.getFileSystem(conf);
            if (!fs.exists(weights)) {
                throw new PairvizException(option + " " + uri + " not found");
            }
            if (!fs.getFileStatus(weights).isFile()) {
                throw new PairvizException(option + " " + uri + " is a folder; name the checkpoint file");
            }
            Path dir = Files.createTempDirectory("pairviz-model-");
            dir.toFile().deleteOnExit();
            long bytes = 0;
            int files = 0;
            for (FileStatus f : fs.listStatus(weights.getParent())) {
                if (f.isFile()) {
                    Path to = dir.resolve(f.getPath().getName());
                    fs.copyToLocalFile(false, f.getPath(), new org.apache.hadoop.fs.Path(to.toUri()), true);
                    to.toFile().deleteOnExit();
                    bytes += f.getLen();
                    files++;
                }
            }
            System.err.printf("pairviz spark: %s: copied %d %s (%.1f MB) of %s to %s, from where the model is loaded and shipped%n",
                    option, files, files == 1 ? "file" : "files", bytes / 1e6, weights.getParent(), dir);
            return dir.resolve(weights.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri + ": " + e.getMessage(), e);
        }
    }
}
