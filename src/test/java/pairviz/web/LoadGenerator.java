package pairviz.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load run against a running {@code pairviz serve}: {@code N} explain requests with uploaded
 * images, at most {@code C} at a time; prints latency percentiles, the answers by status and the
 * server's resident memory before and after (and after each fifth of the run), then the latency of
 * 50 more while {@value #SLOW_CLIENTS} clients send their bodies a byte at a time. Exits 1 if any answer is neither 200 nor a
 * deliberate 503. Used by {@code scripts/load-test.sh}; a tool of the test classpath, not part of
 * the product jar.
 *
 * <pre>java -cp ... pairviz.web.LoadGenerator URL SERVER_PID REQUESTS CONCURRENCY IMAGE...</pre>
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    /** One answer: its status and how long it took. */
    record Answer(int status, long nanos) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: LoadGenerator URL SERVER_PID REQUESTS CONCURRENCY IMAGE...");
            System.exit(2);
        }
        URI base = URI.create(args[0]);
        long pid = Long.parseLong(args[1]);
        int requests = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        List<Path> images = Arrays.stream(args, 4, args.length).map(Path::of).toList();
        List<byte[]> bodies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path p : images) {
            bodies.add(Files.readAllBytes(p));
            names.add(p.getFileName().toString());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        long rssStart = rssKb(pid);
        run(client, base, bodies, names, 50, concurrency); // warm-up: JIT, allocator, caches
        long rssWarm = rssKb(pid);
        // five rounds, with the resident memory after each: it should level off, not climb
        List<Answer> answers = new ArrayList<>();
        List<String> rss = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int round = 0; round < 5; round++) {
            int n = requests / 5 + (round < requests % 5 ? 1 : 0);
            answers.addAll(run(client, base, bodies, names, n, concurrency));
            rss.add(String.format(Locale.ROOT, "%.1f", rssKb(pid) / 1024.0));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long rssEnd = rssKb(pid);

        Map<Integer, Integer> byStatus = new TreeMap<>();
        answers.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
        double[] ms = answers.stream().filter(a -> a.status() == 200).mapToDouble(a -> a.nanos() / 1e6).sorted().toArray();
        System.out.printf(Locale.ROOT, "requests %d at concurrency %d in %.1f s (%.1f requests/s)%n",
                requests, concurrency, wall, requests / wall);
        System.out.println("answers by status " + byStatus);
        if (ms.length > 0) {
            System.out.printf(Locale.ROOT, "latency of 200s (ms): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                    pct(ms, 50), pct(ms, 90), pct(ms, 99), ms[ms.length - 1]);
        }
        System.out.printf(Locale.ROOT, "server RSS (MiB): at start %.1f, after 50 warm-up requests %.1f, after %d more %.1f%n",
                rssStart / 1024.0, rssWarm / 1024.0, requests, rssEnd / 1024.0);
        System.out.println("server RSS (MiB) after each fifth of the run: " + String.join(", ", rss));
        // the same requests while clients that send their bodies a byte at a time are connected:
        // they must not take the places of the others (answers stay 200, latency stays put)
        List<Answer> beside;
        try (SlowClients slow = SlowClients.open(base, SLOW_CLIENTS)) {
            beside = run(client, base, bodies, names, 50, concurrency);
        }
        Map<Integer, Integer> besideByStatus = new TreeMap<>();
        beside.forEach(a -> besideByStatus.merge(a.status(), 1, Integer::sum));
        double[] slowMs = beside.stream().filter(a -> a.status() == 200).mapToDouble(a -> a.nanos() / 1e6).sorted().toArray();
        System.out.printf(Locale.ROOT, "50 requests beside %d slow-body clients: answers by status %s", SLOW_CLIENTS,
                besideByStatus);
        if (slowMs.length > 0) {
            System.out.printf(Locale.ROOT, ", latency of 200s (ms) p50 %.1f  p90 %.1f  max %.1f",
                    pct(slowMs, 50), pct(slowMs, 90), slowMs[slowMs.length - 1]);
        }
        System.out.println();
        answers.addAll(beside);
        long bad = answers.stream().filter(a -> a.status() != 200 && a.status() != 503).count();
        if (bad > 0) {
            System.out.println("FAILED: " + bad + " answers were errors");
            System.exit(1);
        }
    }

    /** How many clients send a body a byte at a time during the last phase. */
    static final int SLOW_CLIENTS = 24;

    /** Connections that announce a 100 KB multipart body and send it a byte per second. */
    private static final class SlowClients implements AutoCloseable {
        private final List<java.net.Socket> sockets = new ArrayList<>();
        private final Thread trickle;

        private SlowClients(URI base, int n) throws IOException {
            for (int i = 0; i < n; i++) {
                java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort());
                s.getOutputStream().write(("POST /api/explain HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nContent-Type: multipart/form-data; boundary=slow\r\nContent-Length: 100000\r\n\r\n--slow\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                sockets.add(s);
            }
            trickle = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (java.net.Socket s : sockets) {
                        try {
                            s.getOutputStream().write('x');
                        } catch (IOException closed) {
                            // the server cut it off: what it should do
                        }
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "pairviz-load-slow");
            trickle.setDaemon(true);
            trickle.start();
        }

        static SlowClients open(URI base, int n) throws IOException {
            return new SlowClients(base, n);
        }

        @Override
        public void close() throws IOException {
            trickle.interrupt();
            for (java.net.Socket s : sockets) {
                s.close();
            }
        }
    }

    private static List<Answer> run(HttpClient client, URI base, List<byte[]> bodies, List<String> names, int n,
            int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        List<Future<List<Answer>>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                List<Answer> out = new ArrayList<>();
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    int a = i % bodies.size();
                    int b = (i / bodies.size() + a + 1) % bodies.size();
                    out.add(send(client, base, names.get(a), bodies.get(a), names.get(b), bodies.get(b)));
                }
                return out;
            }));
        }
        List<Answer> all = new ArrayList<>();
        for (Future<List<Answer>> f : workers) {
            all.addAll(f.get());
        }
        pool.shutdown();
        return all;
    }

    private static Answer send(HttpClient client, URI base, String nameA, byte[] a, String nameB, byte[] b) {
        String boundary = "----pairvizload" + System.nanoTime();
        byte[] body = concat(part(boundary, "a", nameA), a, "\r\n".getBytes(StandardCharsets.UTF_8),
                part(boundary, "b", nameB), b, ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/explain")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long t = System.nanoTime();
        try {
            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), System.nanoTime() - t);
        } catch (IOException e) {
            return new Answer(-1, System.nanoTime() - t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, System.nanoTime() - t);
        }
    }

    private static byte[] part(String boundary, String field, String name) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** VmRSS of a process, in KiB, from /proc (-1 where there is none). */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
        return -1;
    }
}
