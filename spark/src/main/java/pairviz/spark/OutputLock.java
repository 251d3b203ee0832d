package pairviz.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import pairviz.BadParameterException;
import pairviz.util.JsonFiles;

/**
 * One live run per output folder: {@code DIR/_lock} holds the owner's process id and host, and
 * the owner touches it every {@link #HEARTBEAT}. A second run finds it and is refused while the
 * owner lives: a process on this host that is still running, or a lock touched within
 * {@link #STALE} (an owner on another host). A lock whose owner is dead (killed, its machine
 * gone) is taken over. Created atomically (create without overwrite), so two runs starting at
 * once cannot both hold it.
 */
public final class OutputLock implements AutoCloseable {
    /** The lock's file in the output folder. */
    static final String FILE = "_lock";
    /** How often the owner touches its lock. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** A lock not touched for this long has a dead owner. */
    static final Duration STALE = Duration.ofSeconds(60);

    private final FileSystem fs;
    private final Path file;
    private final ScheduledExecutorService heartbeat;

    private OutputLock(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pairviz lock heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::touch, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock of folder {@code dir} for this process.
     *
     * @throws BadParameterException if another live run holds it
     */
    public static OutputLock take(FileSystem fs, Path dir) throws IOException {
        Path file = new Path(dir, FILE);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("pid", ProcessHandle.current().pid());
        me.put("host", host());
        me.put("since", Instant.now().toString());
        for (int attempt = 0; attempt < 2; attempt++) {
            try (OutputStream o = fs.create(file, false)) {
                o.write(JsonFiles.MAPPER.writeValueAsBytes(me));
                return new OutputLock(fs, file);
            } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
                // held: by a live run (refused below) or a dead one (taken over)
            } catch (IOException e) {
                if (!fs.exists(file)) {
                    throw e;
                }
            }
            Map<?, ?> owner;
            long touched;
            try (var in = fs.open(file)) {
                owner = JsonFiles.MAPPER.readValue(in.readAllBytes(), Map.class);
                touched = fs.getFileStatus(file).getModificationTime();
            } catch (IOException e) {
                continue; // released meanwhile
            }
            if (alive(owner, touched)) {
                throw new BadParameterException("{out} " + dir + " is being written by another run (process " + owner.get("pid")
                        + " on " + owner.get("host") + ", since " + owner.get("since") + "): wait for it to end, or give another --out"
                        + " (if that run is dead, delete " + file + ")");
            }
            System.err.printf("pairviz spark embed: taking over the lock of %s from process %s on %s, which has ended%n", dir,
                    owner.get("pid"), owner.get("host"));
            fs.delete(file, false);
        }
        throw new BadParameterException("{out} " + dir + ": another run took its lock " + file + " at the same time");
    }

    /** Whether the owner of a lock touched at {@code touched} (epoch ms) still runs. */
    static boolean alive(Map<?, ?> owner, long touched) {
        if (host().equals(owner.get("host")) && owner.get("pid") instanceof Number pid) {
            return ProcessHandle.of(pid.longValue()).map(ProcessHandle::isAlive).orElse(false);
        }
        return System.currentTimeMillis() - touched < STALE.toMillis();
    }

    private void touch() {
        try {
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException e) {
            // the next beat tries again; a lock not touched for STALE is taken over
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            fs.delete(file, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock " + file + ": " + e.getMessage(), e);
        }
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
