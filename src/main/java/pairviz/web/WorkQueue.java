package pairviz.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that runs the network: a fixed number of workers and a fixed number of
 * waiting places. A task that finds both full is refused at once with {@link HttpError#busy}.
 */
final class WorkQueue implements AutoCloseable {
    /** What a refused client is told to wait, in seconds. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final ThreadPoolExecutor pool;

    WorkQueue(int workers, int capacity) {
        AtomicInteger n = new AtomicInteger();
        // capacity 0 is a hand-off: a task runs only if a worker is free
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS,
                capacity == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, "pairviz-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        pool.prestartAllCoreThreads();
    }

    /**
     * Runs {@code task} on a worker and waits for it.
     *
     * @throws HttpError 503 when every worker and waiting place is taken
     */
    <T> T run(Callable<T> task) {
        Future<T> f = submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new HttpError(503, "the request was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Queues {@code task}, or throws {@link HttpError#busy} at once when full. */
    <T> Future<T> submit(Callable<T> task) {
        try {
            return pool.submit(task);
        } catch (RejectedExecutionException e) {
            throw HttpError.busy(RETRY_AFTER_SECONDS);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
