package pairviz.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

/** One live run per output folder: a live owner refuses a second run, a dead one is taken over. */
class OutputLockTest {
    @TempDir java.nio.file.Path tmp;

    private Path dir() throws IOException {
        return new Path(Files.createDirectories(tmp.resolve("out")).toUri());
    }

    @Test
    void aLiveOwnerRefusesASecondRunUntilItReleases() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path dir = dir();
        OutputLock first = OutputLock.take(fs, dir);
        String m = assertThrows(PairvizException.class, () -> OutputLock.take(fs, dir)).getMessage();
        assertTrue(m.contains("is being written by another run (process " + ProcessHandle.current().pid() + " on "), m);
        first.close();
        assertFalse(fs.exists(new Path(dir, OutputLock.FILE)));
        OutputLock.take(fs, dir).close();
    }

    @Test
    void aDeadOwnerOnThisHostIsTakenOver() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path dir = dir();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        write(fs, new Path(dir, OutputLock.FILE), "{\"pid\":" + gone.pid() + ",\"host\":\"" + OutputLock.host() + "\",\"since\":\"x\"}");
        OutputLock.take(fs, dir).close();
    }

    @Test
    void anOwnerOnAnotherHostLivesWhileItTouchesTheLock() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path dir = dir();
        Path file = new Path(dir, OutputLock.FILE);
        write(fs, file, "{\"pid\":1,\"host\":\"elsewhere.invalid\",\"since\":\"x\"}");
        String m = assertThrows(PairvizException.class, () -> OutputLock.take(fs, dir)).getMessage();
        assertTrue(m.contains("process 1 on elsewhere.invalid"), m);
        fs.setTimes(file, System.currentTimeMillis() - OutputLock.STALE.toMillis() - 1000, -1);
        OutputLock.take(fs, dir).close();
        assertEquals(false, fs.exists(file));
    }

    private static void write(FileSystem fs, Path file, String text) throws IOException {
        try (OutputStream o = fs.create(file, false)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
