package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import pairviz.PairvizException;
import pairviz.loading.EmbeddingModel;
import pairviz.web.WebOptions;
import pairviz.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pairviz serve}: the interactive page and its HTTP API, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves a local web page to explore paired maps: two images side by side, the patch a pointer"
                + " rests on and what it matches, a gallery's top matches and class maps. HTTP API: docs/web-api.md.")
public final class ServeCommand extends PairvizCommand {

    @Mixin ModelMixin model;

    @Option(names = "--gallery", paramLabel = "DIR",
            description = "A dataset folder (any format the figures read: class folders DIR/<class>/<image>, scenes, ...) to search and pick from; repeatable."
                    + " Only its images can be read through the server. Without one, the gallery is 12 synthetic"
                    + " example scenes drawn at start-up.")
    List<Path> galleries = new ArrayList<>();

    @Option(names = "--host", defaultValue = WebOptions.LOOPBACK, paramLabel = "ADDR",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only); 0.0.0.0 exposes it"
                    + " to the network, without any authentication.")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "Port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--max-upload-mb", defaultValue = "20", paramLabel = "MB",
            description = "Largest accepted image file. Default: ${DEFAULT-VALUE}.")
    int maxUploadMb;

    @Option(names = "--max-megapixels", defaultValue = "12", paramLabel = "MP",
            description = "Largest accepted image, from its header, before decoding (lower than the command line's 64:"
                    + " every upload is decoded at full size). Default: ${DEFAULT-VALUE}.")
    int maxMegapixels;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "Requests running the network at once; each gets cores / N PyTorch threads. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--queue", defaultValue = "16", paramLabel = "N",
            description = "Requests that may wait for a worker; more get 503 with Retry-After. Default: ${DEFAULT-VALUE}.")
    int queue;

    /**
     * Gives each worker its share of the cores for PyTorch's own threads (unless the system
     * properties say otherwise): with every worker using all cores, the threads of concurrent
     * requests fight over them and a request takes many times longer.
     */
    static void shareCores(int workers) {
        int perWorker = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(perWorker));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new PairvizException("--port must be between 0 and 65535, not " + port);
        }
        if (maxUploadMb < 1 || maxMegapixels < 1) {
            throw new PairvizException("--max-upload-mb and --max-megapixels must be at least 1");
        }
        if (workers < 1 || queue < 0) {
            throw new PairvizException("--workers must be at least 1 and --queue at least 0");
        }
        try {
            java.net.InetAddress.getByName(host); // before the model loads, and without Jetty's ERROR trace
        } catch (java.net.UnknownHostException e) {
            throw new PairvizException("--host " + host + " is not an address of this machine (the name does not resolve)");
        }
        EmbeddingModel m = model.load();
        WebOptions options = WebOptions.defaults()
                .withAddress(host, port)
                .withGalleries(galleries)
                .withBatch(model.batch)
                .withLimits((long) maxUploadMb << 20, maxMegapixels * 1_000_000L)
                .withConcurrency(workers, queue);
        shareCores(workers);
        CountDownLatch stopped = new CountDownLatch(1);
        WebServer server;
        try {
            server = WebServer.start(m, options, err()::println);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            m.close();
            stopped.countDown();
        }, "pairviz-serve-stop"));
        out().println("pairviz serving " + m.config().describe() + " on " + server.uri() + " (Ctrl-C stops it)");
        out().flush();
        stopped.await();
        return 0;
    }
}
