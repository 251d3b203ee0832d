package pairviz.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import pairviz.PairvizException;
import pairviz.eval.faithfulness.FaithfulnessResult;
import pairviz.eval.faithfulness.FaithfulnessStudy;
import pairviz.eval.faithfulness.Method;
import pairviz.eval.faithfulness.SwappedHalves;
import pairviz.explain.Baseline;
import pairviz.explain.IntegratedGradientsSpec;
import pairviz.figures.FaithfulnessFiles;
import pairviz.loading.EmbeddingModel;
import pairviz.util.AtomicFiles;
import pairviz.util.TerminalProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code pairviz faithfulness}: how faithful each kind of map is, measured on random pairs of a
 * dataset by deletion, insertion, ground truth (synthetic scenes) and completeness.
 */
@Command(
        name = "faithfulness",
        mixinStandardHelpOptions = true,
        description = {
            "Measures how faithful similarity maps are. Samples same-class pairs (and as many",
            "different-class pairs as a control) and scores the map of A of every method on each:",
            "  deletion      replace A's patches, highest first, by the mean colour (or the blurred",
            "                image); area under the similarity curve / steps / start (lower is better)",
            "  insertion     restore them onto the blurred image; area likewise (higher is better)",
            "  ground truth  (scenes only) share of the positive mass on the signature objects both",
            "                images show, pointing game, ROC-AUC of the map as their detector",
            "  completeness  |sum of the map - the score|",
            "  partner       (scenes only) triplets A, B1, B2 of one class where A shares different",
            "                signature objects with B1 and B2: the share where the map of A given B1",
            "                puts more of its mass on what A shares only with B1 than the map given B2",
            "                (and less on what it shares only with B2); 0.5 for a map that ignores the",
            "                partner; with the correlation of the two maps",
            "Prints a table of means with 95%% bootstrap intervals; --out also writes it with a",
            "figure of the mean curves. Here --batch defaults to 128 images per forward pass.",
            ""
        })
public final class FaithfulnessCommand extends PairvizCommand {
    /** Images per forward pass unless --batch says otherwise. */
    static final int DEFAULT_BATCH = FaithfulnessStudy.DEFAULT_BATCH;
    /** Triplets for partner specificity unless --triplets says otherwise (--photos: {@link FaithfulnessStudy#DEFAULT_PHOTO_TRIPLETS}). */
    static final int DEFAULT_TRIPLETS = FaithfulnessStudy.DEFAULT_TRIPLETS;

    @Mixin
    ModelMixin model;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Dataset folder (scenes give ground truth). Pairs come from its test images; a dataset that is not split is used whole.")
    Path data;

    @Option(names = "--photos", paramLabel = "DIR",
            description = {"Instead of --data: any folder of photos (any depth, no classes). Partner specificity by",
                "construction: B1 = A's top half over another photo's bottom half, B2 = a third photo's top over A's",
                "bottom (alternately left/right); the maps of A should follow the half each B shares. The pairs",
                "(A, B1), (A, B2) give deletion, insertion and ground truth (the shared half); (A, C) the control."})
    Path photos;

    @Option(names = "--change", defaultValue = "none", paramLabel = "C", converter = ChangeConverter.class,
            description = "With --photos: what is done to A's half in B: none, shift, blur or gamma. Default: ${DEFAULT-VALUE}.")
    SwappedHalves.Change change;

    @Mixin
    FormatMixin format;

    @Option(names = "--pairs", defaultValue = "500", paramLabel = "N", description = "Same-class pairs. Default: ${DEFAULT-VALUE}.")
    int pairs;

    @Option(names = "--triplets", defaultValue = "" + DEFAULT_TRIPLETS, paramLabel = "N",
            description = "Triplets for partner specificity (scenes only; 0 for none). Default: ${DEFAULT-VALUE}.")
    int triplets;

    @Option(names = "--control", paramLabel = "M",
            description = "Different-class pairs, the control (0 for none). Default: as many as --pairs.")
    Integer control;

    @Option(names = "--methods", paramLabel = "LIST",
            description = "Comma-separated: reference and conservative (each also as /min or /max for another head"
                    + " fusion), none, grad-rollout, grad-input, integrated-gradients, rollout, uniform, random."
                    + " The head fusions, grad-rollout and rollout need a transformer. Default: all that fit the network.")
    String methods;

    @Option(names = "--steps", defaultValue = "16", paramLabel = "K",
            description = "Perturbation steps per curve (patches per step = patches / K). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--ig-steps", defaultValue = "" + IntegratedGradientsSpec.DEFAULT_STEPS, paramLabel = "N",
            description = "Integrated gradients' path steps (explain's --steps). Default: ${DEFAULT-VALUE}.")
    int igSteps;

    @Option(names = "--ig-baseline", defaultValue = "black", paramLabel = "B", converter = Converters.BaselineConverter.class,
            description = "Integrated gradients' baseline (explain's --baseline): black, mean or blur. Default: ${DEFAULT-VALUE}.")
    Baseline igBaseline;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seeds the pairs, the random maps, tie order and the bootstrap. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write DIR/faithfulness.md, DIR/faithfulness.json and DIR/curves.png.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (pairs < 0 || triplets < 0) {
            throw new PairvizException("--pairs and --triplets must be 0 or more");
        }
        if (steps < 1) {
            throw new PairvizException("--steps must be at least 1, not " + steps);
        }
        int controls = control == null ? pairs : control;
        if (controls < 0) {
            throw new PairvizException("--control must be 0 or more, not " + controls);
        }
        if ((data == null) == (photos == null)) {
            throw new PairvizException("give --data (a dataset) or --photos (any folder of photos), one of them");
        }
        ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--change") && photos == null) {
            throw new PairvizException("--change applies to --photos: leave it out");
        }
        if (data != null && !Files.isDirectory(data)) {
            throw new PairvizException("--data " + data + ": no such folder");
        }
        FaithfulnessStudy.Builder study = FaithfulnessStudy.builder().optPairs(pairs).optControls(controls)
                .optMethods(methods == null ? null : Method.parseList(methods))
                .optIntegratedGradients(new IntegratedGradientsSpec(igSteps, igBaseline)).optSteps(steps)
                .optBatchSize(parsed.hasMatchedOption("--batch") ? model.batch : DEFAULT_BATCH).optSeed(seed)
                .optCommand("pairviz " + String.join(" ", parsed.originalArgs()));
        if (photos != null) {
            study.setPhotos(photos).optChange(change);
        } else {
            study.setData(data, format.of(data));
        }
        if (photos == null || parsed.hasMatchedOption("--triplets")) {
            study.optTriplets(triplets);
        }
        FaithfulnessStudy built = study.build();
        FaithfulnessResult result;
        try (EmbeddingModel m = model.load();
                TerminalProgress images = new TerminalProgress("faithfulness", "images");
                TerminalProgress trips = new TerminalProgress("partner", "triplets")) {
            result = built.run(m, m.preprocessing(), images, trips);
        }
        // the tables go to stderr when standard output carries the JSON
        PrintWriter tables = AtomicFiles.isStdout(json) ? spec.commandLine().getErr() : spec.commandLine().getOut();
        tables.print(result.markdown());
        tables.println(result.summary());
        tables.flush();
        FaithfulnessFiles.write(result, json, out);
        return 0;
    }

    /** {@code --change}: {@link SwappedHalves.Change#parse}. */
    static final class ChangeConverter extends Converters.Parsing<SwappedHalves.Change> {
        ChangeConverter() {
            super(SwappedHalves.Change::parse);
        }
    }
}
