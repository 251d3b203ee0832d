package pairviz.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pairviz.BadParameterException;
import pairviz.PairvizException;

/**
 * One checkpoint of a training run and its iteration, as {@link RunDirectory} lays them out:
 * {@code RUN/checkpoints/iter-000500.safetensors} beside its manifest {@code iter-000500.json}
 * (and {@code iter-000500.train.safetensors}, the optimizer state, which is not a model); any other
 * weights file is a checkpoint whose name may end with its iteration.
 *
 * @param weights the weights file
 * @param iteration the training iteration, or null when neither the manifest nor the name tells
 */
public record Checkpoint(Path weights, Long iteration) {
    private static final Pattern NUMBER = Pattern.compile("(\\d+)$");

    /**
     * The checkpoints named by {@code inputs}: each a weights file, or a folder whose
     * {@code *.safetensors} files are taken (optimizer states {@code *.train.safetensors} left out).
     * Ordered by iteration when every checkpoint has one, else in the order given (a folder's by name).
     *
     * @throws PairvizException if an input is missing or a folder holds no checkpoint
     */
    public static List<Checkpoint> list(List<Path> inputs) {
        List<Checkpoint> out = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                List<Path> files = folder(in);
                if (files.isEmpty()) {
                    throw BadParameterException.of("checkpoints", in + " holds no .safetensors checkpoint");
                }
                files.forEach(f -> out.add(of(f)));
            } else if (Files.isRegularFile(in)) {
                out.add(of(in));
            } else {
                throw new PairvizException("checkpoint " + in + " does not exist");
            }
        }
        if (out.stream().allMatch(c -> c.iteration() != null)) {
            out.sort(Comparator.comparingLong(Checkpoint::iteration));
        }
        return out;
    }

    /** A checkpoint file and its iteration: its manifest's {@code iteration}, else the number that ends its name. */
    public static Checkpoint of(Path weights) {
        String file = weights.getFileName().toString();
        String stem = file.contains(".") ? file.substring(0, file.indexOf('.')) : file;
        Long it = manifestIteration(weights.resolveSibling(stem + RunDirectory.MANIFEST));
        if (it == null) {
            Matcher m = NUMBER.matcher(stem);
            if (m.find() && m.group(1).length() < 19) {
                it = Long.parseLong(m.group(1));
            }
        }
        return new Checkpoint(weights, it);
    }

    private static List<Path> folder(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(RunDirectory.WEIGHTS) && !n.endsWith(RunDirectory.TRAIN_STATE) && !n.startsWith(".") && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new PairvizException("cannot list the checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The iteration its training manifest records; null if there is none we understand (the name tells then). */
    private static Long manifestIteration(Path manifest) {
        return Manifest.tryRead(manifest).map(m -> (long) m.iteration()).orElse(null);
    }
}
