package pairviz.spark.cli;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import pairviz.PairvizException;
import scala.Tuple2;

/**
 * The Hadoop file systems behind the folders a command names: a URI whose scheme has no file
 * system on the class path is refused in one line naming the connector to add, before any Spark
 * context starts (Spark would fail mid-job with an internal error).
 */
final class Connectors {
    private Connectors() {}

    /** The connector (Maven artifact) of each scheme whose file system is not part of Hadoop's client. */
    private static final Map<String, String> CONNECTORS = Map.ofEntries(
            Map.entry("s3a", "org.apache.hadoop:hadoop-aws (with the AWS SDK bundle it names)"),
            Map.entry("s3", "none: Hadoop reads S3 as s3a://, with org.apache.hadoop:hadoop-aws"),
            Map.entry("s3n", "none: Hadoop reads S3 as s3a://, with org.apache.hadoop:hadoop-aws"),
            Map.entry("gs", "Google's com.google.cloud.bigdataoss:gcs-connector (its shaded jar)"),
            Map.entry("abfs", "org.apache.hadoop:hadoop-azure"),
            Map.entry("abfss", "org.apache.hadoop:hadoop-azure"),
            Map.entry("wasb", "org.apache.hadoop:hadoop-azure"),
            Map.entry("wasbs", "org.apache.hadoop:hadoop-azure"),
            Map.entry("oss", "org.apache.hadoop:hadoop-aliyun"),
            Map.entry("cosn", "org.apache.hadoop:hadoop-cos"));

    /**
     * Refuses {@code uri} (the value of {@code option}) unless a Hadoop file system serves its
     * scheme; a plain path is a local file.
     *
     * @param conf Spark's configuration: its {@code spark.hadoop.*} settings reach Hadoop
     */
    static void check(String option, String uri, SparkConf conf) {
        String scheme = new org.apache.hadoop.fs.Path(uri).toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            return;
        }
        Configuration hadoop = new Configuration();
        for (Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) {
            hadoop.set(kv._1(), kv._2());
        }
        try {
            FileSystem.getFileSystemClass(scheme, hadoop);
        } catch (IOException | RuntimeException e) {
            String connector = CONNECTORS.get(scheme.toLowerCase(java.util.Locale.ROOT));
            throw new PairvizException(option + " " + uri + ": no Hadoop file system for '" + scheme + "://' is on the class path; "
                    + (connector == null ? "add the Hadoop connector of " + scheme + "://"
                            : connector.startsWith("none") ? "there is no such connector (" + connector + ")" : "add " + connector)
                    + " for Hadoop " + hadoopVersion() + ", e.g. with spark-submit --packages (docs/spark.md)");
        }
    }

    private static String hadoopVersion() {
        try {
            return org.apache.hadoop.util.VersionInfo.getVersion();
        } catch (RuntimeException | LinkageError e) {
            return "(Spark's)";
        }
    }
}
