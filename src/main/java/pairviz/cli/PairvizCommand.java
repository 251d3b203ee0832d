package pairviz.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import pairviz.explain.ExplainOptions;
import pairviz.loading.EmbeddingModel;
import pairviz.session.ExplainSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code pairviz} subcommand extends (as JBang's commands extend its {@code BaseCommand}):
 * the output streams and the one road from the options to an {@link ExplainSession}.
 *
 * <ul>
 *   <li>Streams: results and lines for people go to {@link #out()}, notes and problems to {@link
 *       #err()}, both picocli's writers (so a caller that sets them, a test with a
 *       {@code StringWriter}, sees everything); no command prints through {@code System.out} or
 *       {@code System.err}. Data a command writes to standard output ({@code --json -}, a PNG to
 *       {@code -}) goes there as bytes through the library ({@code AtomicFiles}), and the lines
 *       for people then go to {@code err()} ({@link #say}).
 *   <li>Sessions: {@link #session} builds the feature path and the explainers from a loaded model
 *       and the map options ({@link MapMixin}) in one place, with the checks always run: the map
 *       flags' own consistency ({@code --steps} only with integrated gradients) and the refusal of
 *       rollout flags for a network without attention.
 * </ul>
 */
public abstract class PairvizCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** Standard output: picocli's writer for this command. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error: picocli's writer for this command. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Where lines for people go: {@link #out()}, or {@link #err()} when standard output carries the command's data. */
    protected PrintWriter say(boolean stdoutCarriesData) {
        return stdoutCarriesData ? err() : out();
    }

    /** Says one line on standard error, {@code pairviz: } in front. */
    protected void note(String line) {
        err().println("pairviz: " + line);
        err().flush();
    }

    /**
     * The session of {@code m} (loaded from {@code network}'s options) with {@code maps}' options,
     * checked; the rollout flags are refused if {@code m} has no attention to roll out.
     *
     * @param imagesAtOnce how many images the command pairs at once (0: not known; see
     *     {@link ExplainSession}'s cache policy)
     */
    protected ExplainSession session(EmbeddingModel m, NetworkMixin network, MapMixin maps, int imagesAtOnce) {
        return session(m, network, maps, imagesAtOnce, true);
    }

    /**
     * As {@link #session(EmbeddingModel, NetworkMixin, MapMixin, int)}; {@code checkRollout} false
     * for a model whose maps the rollout flags need not fit, because another model of the command
     * (the first of two in {@code compare} and {@code retrieve}) has attention, or will be checked.
     */
    protected ExplainSession session(EmbeddingModel m, NetworkMixin network, MapMixin maps, int imagesAtOnce,
            boolean checkRollout) {
        ExplainOptions options = maps.options();
        if (checkRollout) {
            maps.requireApplies(m);
        }
        return ExplainSession.builder().setModel(m).optOptions(options).optBatchSize(network.batch())
                .optImagesAtOnce(imagesAtOnce).build();
    }
}
