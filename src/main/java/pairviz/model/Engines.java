package pairviz.model;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import pairviz.PairvizException;

/** Starts DJL's PyTorch engine offline, with one clear line when its native library is missing. */
public final class Engines {
    private Engines() {}

    /** The PyTorch engine; nothing is ever downloaded. */
    public static synchronized Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            return Engine.getEngine("PyTorch");
        } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
            throw new PairvizException("cannot start PyTorch: its native library is missing or broken ("
                    + firstLine(e) + "); rebuild with ./pairviz --rebuild, or point PYTORCH_LIBRARY_PATH at a libtorch 2.7.1",
                    e, 3);
        }
    }

    private static Thread starting;

    /**
     * Starts the engine on a thread of its own (loading PyTorch's native library takes a quarter
     * of a second), so that a command can read its arguments, images and checkpoint meanwhile;
     * {@link #pytorch()} then waits for it. A failure is left for {@link #pytorch()} to report.
     */
    public static synchronized void startInBackground() {
        if (starting == null) {
            starting = new Thread(() -> {
                try {
                    pytorch();
                } catch (RuntimeException | LinkageError e) {
                    // reported by the command's own call
                }
            }, "pairviz-engine-start");
            starting.setDaemon(true);
            starting.start();
        }
    }

    /** Waits for {@link #startInBackground()}'s thread, if one was started (before the process exits). */
    public static void awaitBackgroundStart() throws InterruptedException {
        Thread t;
        synchronized (Engines.class) {
            t = starting;
        }
        if (t != null) {
            t.join();
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
