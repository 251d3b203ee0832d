package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The images of the commands that take pairs ({@code explain}, {@code compare}): two images A B on
 * the command line, or {@code --pairs FILE}, exactly one of them. A command declares it as
 * {@code @ArgGroup(exclusive = true, multiplicity = "1") PairInput input;} (an argument group, not
 * a mixin: picocli lists a mixin's grouped positional parameters twice in the help).
 */
final class PairInput {
    @Parameters(arity = "2", paramLabel = "IMAGE", description = "The two images A and B.")
    List<Path> pair;

    @Option(names = "--pairs", paramLabel = "FILE",
            description = "A file of pairs, one 'A B' per line (paths relative to the file's folder or absolute); # starts a comment.")
    Path pairsFile;

    /** The pairs file, or null for two images on the command line. */
    Path file() {
        return pairsFile;
    }

    /**
     * The pairs file read (its good pairs and its bad lines), or null for two images on the
     * command line, which are checked readable here.
     */
    PairsFile.Contents read() {
        if (pairsFile != null) {
            return PairsFile.read(pairsFile);
        }
        ImageChecks.requireReadable(pair.get(0));
        ImageChecks.requireReadable(pair.get(1));
        return null;
    }

    /** The pairs of {@code contents} ({@link #read}), or the one pair of the command line, as line 0. */
    List<PairsFile.Pair> pairs(PairsFile.Contents contents) {
        return contents != null ? contents.pairs() : List.of(new PairsFile.Pair(0, pair.get(0), pair.get(1)));
    }

    /** Every pair, each image checked to be an image; a bad line of the file fails the whole ({@link PairsFile#readAll}). */
    List<Path[]> all() {
        List<Path[]> pairs = pairsFile != null ? PairsFile.readAll(pairsFile)
                : List.<Path[]>of(new Path[] {pair.get(0), pair.get(1)});
        for (Path[] p : pairs) {
            ImageChecks.requireImage(p[0]);
            ImageChecks.requireImage(p[1]);
        }
        return pairs;
    }

    /** The images of {@code contents} ({@link #read}), or the two of the command line. */
    List<Path> images(PairsFile.Contents contents) {
        return new ArrayList<>(contents != null ? contents.images() : pair);
    }
}
