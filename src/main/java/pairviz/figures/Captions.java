package pairviz.figures;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a figure's captions give its images: each image's shortest path suffix that no other
 * image of the figure shares ({@code 0.png} alone; {@code 0/0.png} and {@code 1/0.png} for a
 * dataset's numbered files), so that images with one file name are told apart.
 */
public final class Captions {
    private final Map<Path, String> names = new LinkedHashMap<>();

    private Captions(Collection<Path> images) {
        List<Path> all = images.stream().map(Captions::key).distinct().toList();
        for (Path p : all) {
            int n = p.getNameCount();
            String name = p.toString();
            for (int depth = 1; depth <= n; depth++) {
                Path suffix = p.subpath(n - depth, n);
                if (all.stream().noneMatch(q -> !q.equals(p) && q.endsWith(suffix))) {
                    name = suffix.toString();
                    break;
                }
            }
            names.put(p, name);
        }
    }

    /** The captions of a figure's images. */
    public static Captions of(Collection<Path> images) {
        return new Captions(images);
    }

    /** The caption of {@code image}, one of the figure's (else its whole path). */
    public String of(Path image) {
        return names.getOrDefault(key(image), image.toString());
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
