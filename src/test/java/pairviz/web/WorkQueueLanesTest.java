package pairviz.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Gradient requests run in a lane of their own: a long one holds no worker. */
class WorkQueueLanesTest {

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aLongGradientRequestLeavesTheWorkersFreeAndGradientRequestsTakeTurns() throws Exception {
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (WorkQueue work = new WorkQueue(1, 4)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<String> longOne = CompletableFuture.supplyAsync(() -> {
                try (WorkQueue.Admission place = work.admit()) {
                    return work.run(() -> {
                        started.countDown();
                        release.await();
                        return Thread.currentThread().getName();
                    }, true);
                }
            }, clients);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            // the one worker still serves a request that takes no gradient
            try (WorkQueue.Admission place = work.admit()) {
                assertThat(work.run(() -> Thread.currentThread().getName())).startsWith("pairviz-worker-");
            }
            // a second gradient request waits for the first
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
                try (WorkQueue.Admission place = work.admit()) {
                    return work.run(() -> release.getCount() == 0, true);
                }
            }, clients);
            Thread.sleep(200);
            assertThat(second).isNotDone();
            release.countDown();
            assertThat(longOne.get(10, TimeUnit.SECONDS)).isEqualTo("pairviz-gradients");
            assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            clients.shutdownNow();
        }
    }
}
