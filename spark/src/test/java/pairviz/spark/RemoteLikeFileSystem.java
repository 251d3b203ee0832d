package pairviz.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code rlocal://}: to pairviz a file system other than the
 * local one (as {@code hdfs://} is), whose paths the executors must read through Hadoop; the
 * tests register it as {@code fs.rlocal.impl}.
 */
public class RemoteLikeFileSystem extends RawLocalFileSystem {
    /** The scheme. */
    public static final String SCHEME = "rlocal";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
