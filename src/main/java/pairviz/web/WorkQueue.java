package pairviz.web;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that runs the network: a fixed number of workers and a fixed number of
 * waiting places. A request takes a place ({@link #admit}) before its body is even read; one that
 * finds every place taken is refused at once with {@link HttpError#busy} (503, Retry-After), so an
 * overloaded server spends nothing on requests it cannot serve.
 *
 * <p>Requests that take gradients run in a lane of their own, one at a time ({@link #run(Callable,
 * boolean)}): they take turns anyway (the gradient passes of a JVM are serialised), and a long
 * gradient gallery must not hold every worker while other requests (embeddings, the
 * decomposition modes) wait behind it. Their places count against the same bound.
 */
final class WorkQueue implements AutoCloseable {
    /** What a refused client is told to wait, in seconds. */
    static final int RETRY_AFTER_SECONDS = 2;

    /** A place in the queue (or at a worker), held until closed. */
    interface Admission extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore places;
    private final ExecutorService pool;
    private final ExecutorService gradients;

    /**
     * @param workers threads running tasks
     * @param waiting requests that may wait for a worker
     */
    WorkQueue(int workers, int waiting) {
        AtomicInteger n = new AtomicInteger();
        this.places = new Semaphore(workers + waiting);
        // the queue is bounded by the places: at most workers + waiting tasks are ever submitted
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "pairviz-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.gradients = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pairviz-gradients");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes a place, or throws {@link HttpError#busy} at once when all are taken.
     *
     * @return the place; close it when the request is done
     */
    Admission admit() {
        if (!places.tryAcquire()) {
            throw HttpError.busy(RETRY_AFTER_SECONDS);
        }
        boolean[] released = {false};
        return () -> {
            synchronized (released) {
                if (!released[0]) {
                    released[0] = true;
                    places.release();
                }
            }
        };
    }

    /** Runs {@code task} on a worker and waits for it; the caller holds an {@link Admission}. */
    <T> T run(Callable<T> task) {
        return run(task, false);
    }

    /**
     * Runs {@code task} and waits for it: in the gradient lane when it takes gradients, else on a
     * worker; the caller holds an {@link Admission}.
     */
    <T> T run(Callable<T> task, boolean takesGradients) {
        Future<T> f = takesGradients ? gradients.submit(task) : submit(task);
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

    /** Queues {@code task} for a worker; the caller holds an {@link Admission}. */
    <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        gradients.shutdownNow();
    }
}
