package pairviz.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import pairviz.PairvizException;

/** Finding a dataset's files and checking that the images it lists are on disk. */
final class DatasetFiles {
    private DatasetFiles() {}

    /**
     * The first of {@code root/sub/name} over {@code subs} that is a regular file.
     *
     * @param subs folders under root to look in, in order ("" for root itself)
     * @throws PairvizException naming the dataset, the file and where it was looked for
     */
    static Path requireFile(String dataset, Path root, String name, String... subs) {
        Path found = findFile(root, name, subs);
        if (found == null) {
            throw new PairvizException(dataset + ": " + name + " not found in " + where(root, subs));
        }
        return found;
    }

    /** Like {@link #requireFile} but null when absent. */
    static Path findFile(Path root, String name, String... subs) {
        for (String sub : subs.length == 0 ? new String[] {""} : subs) {
            Path p = root.resolve(sub).resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** {@code root/name}, which must be a folder. */
    static Path requireDir(String dataset, Path root, String name) {
        Path p = root.resolve(name);
        if (!Files.isDirectory(p)) {
            throw new PairvizException(dataset + ": folder " + p + " not found");
        }
        return p;
    }

    /** The root itself must be a folder. */
    static void requireRoot(String dataset, Path root) {
        if (!Files.isDirectory(root)) {
            throw new PairvizException(dataset + ": dataset folder " + root + " not found");
        }
    }

    private static String where(Path root, String... subs) {
        if (subs.length <= 1) {
            return root.resolve(subs.length == 0 ? "" : subs[0]).toString();
        }
        List<String> dirs = new ArrayList<>();
        for (String s : subs) {
            dirs.add(root.resolve(s).toString());
        }
        return String.join(" or ", dirs);
    }

    /** Samples whose files exist, and how many did not. */
    record Checked(List<Sample> present, int missing) {}

    /**
     * Keeps the file-backed samples whose file exists (checked in parallel: a million
     * {@code stat} calls are seconds, not minutes), in their order.
     *
     * @param listedIn the index files that listed them, for the message
     * @throws PairvizException when none exists (a wrong root, most likely)
     */
    static Checked keepExisting(String dataset, List<Sample> samples, String listedIn) {
        boolean[] exists = new boolean[samples.size()];
        IntStream.range(0, samples.size()).parallel().forEach(i ->
                exists[i] = samples.get(i).path().map(Files::isRegularFile).orElse(true));
        List<Sample> present = new ArrayList<>(samples.size());
        for (int i = 0; i < exists.length; i++) {
            if (exists[i]) {
                present.add(samples.get(i));
            }
        }
        if (present.isEmpty() && !samples.isEmpty()) {
            throw new PairvizException(dataset + ": none of the " + samples.size() + " images listed in "
                    + listedIn + " exists (the first would be " + samples.get(0).id() + ")");
        }
        return new Checked(present, samples.size() - present.size());
    }
}
