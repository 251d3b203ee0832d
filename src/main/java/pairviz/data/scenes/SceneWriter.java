package pairviz.data.scenes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.util.JsonFiles;

/**
 * Writes a scenes folder (layout in {@link SceneFiles}). Every file is written atomically;
 * {@code scenes.json} is written last, so its presence means the folder is complete. The files
 * are byte-identical whatever the number of threads.
 */
public final class SceneWriter {
    private SceneWriter() {}

    /**
     * Generates every image of {@code spec} into {@code dir}.
     *
     * @param threads worker threads (1 or more)
     * @param overwrite whether to replace an earlier scenes output in {@code dir}
     * @param onImage called once per image written (from worker threads), e.g. to step a
     *     progress bar
     * @return the manifest written
     * @throws PairvizException if {@code dir} is not empty and not an earlier scenes output that
     *     may be overwritten
     */
    public static SceneManifest write(SceneSpec spec, Path dir, int threads, boolean overwrite, Runnable onImage) {
        if (threads < 1) {
            throw BadParameterException.of("threads", "must be at least 1, got " + threads);
        }
        prepare(dir, overwrite);
        SceneGenerator generator = new SceneGenerator(spec);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scenes");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int c = 0; c < spec.classes(); c++) {
                for (int i = 0; i < spec.perClass(); i++) {
                    int cls = c;
                    int index = i;
                    jobs.add(pool.submit(() -> {
                        writeScene(dir, generator.generate(cls, index));
                        onImage.run();
                    }));
                }
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PairvizException("interrupted while writing scenes to " + dir, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        SceneManifest manifest = SceneManifest.of(generator);
        JsonFiles.write(SceneFiles.manifest(dir), manifest);
        return manifest;
    }

    /** Writes one scene's four files. */
    static void writeScene(Path dir, Scene scene) {
        int c = scene.annotation().cls();
        int i = scene.annotation().index();
        Png.write(SceneFiles.image(dir, c, i), scene.image());
        scene.mask().write(SceneFiles.mask(dir, c, i));
        scene.segmentation().write(SceneFiles.segmentation(dir, c, i));
        JsonFiles.write(SceneFiles.objects(dir, c, i), scene.annotation());
    }

    /**
     * Makes sure {@code dir} exists and is empty, clearing an earlier scenes output if
     * {@code overwrite} (only the manifest and the four scenes folders are ever deleted).
     * {@link #write} calls it; calling it first lets a caller fail before showing progress.
     *
     * @throws PairvizException if {@code dir} is a file, holds anything but scenes output, or
     *     holds scenes output and {@code overwrite} is false
     */
    public static void prepare(Path dir, boolean overwrite) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw BadParameterException.of("out", dir + " is a file, not a folder");
            }
            Files.createDirectories(dir);
            List<String> entries;
            try (Stream<Path> s = Files.list(dir)) {
                entries = s.map(p -> p.getFileName().toString()).sorted().toList();
            }
            if (entries.isEmpty()) {
                return;
            }
            Set<String> ours = Set.of(SceneFiles.MANIFEST, SceneFiles.FOLDERS[0], SceneFiles.FOLDERS[1],
                    SceneFiles.FOLDERS[2], SceneFiles.FOLDERS[3]);
            List<String> foreign = entries.stream().filter(e -> !ours.contains(e)).toList();
            if (!foreign.isEmpty()) {
                throw BadParameterException.of("out", dir + " holds files that are not scenes output (e.g. "
                        + foreign.get(0) + "): choose an empty or new folder");
            }
            if (!overwrite) {
                throw new BadParameterException("{out} " + dir + " already holds scenes output (set {overwrite} to replace it)");
            }
            Files.deleteIfExists(SceneFiles.manifest(dir));
            for (String folder : SceneFiles.FOLDERS) {
                deleteTree(dir.resolve(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }
}
