package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The names that a run's pictures take from its images, unique within the run and predictable.
 * An image is named by its file name without the extension ({@code cat.png -> cat}); when
 * several images of the run share that name, which every dataset's {@code 0.png, 1.png, ...}
 * do, each gets its parent folders' names in front, as few as tell them apart
 * ({@code images/0/0.png -> 0_0}, {@code images/1/0.png -> 1_0}); images of one folder whose
 * names differ only in their extension keep it ({@code a.png -> a_png}, {@code a.jpg -> a_jpg}).
 */
public final class OutputNames {
    private final Map<Path, String> names = new HashMap<>();

    private OutputNames(Collection<Path> images) {
        Map<String, List<Path>> byStem = new LinkedHashMap<>();
        for (Path p : new LinkedHashSet<>(images.stream().map(OutputNames::key).toList())) {
            byStem.computeIfAbsent(PairPictures.stem(p), s -> new ArrayList<>()).add(p);
        }
        byStem.forEach((stem, group) -> {
            if (group.size() == 1) {
                names.put(group.get(0), stem);
            } else {
                names.putAll(disambiguate(group));
            }
        });
    }

    /** Names for every image of a run. */
    public static OutputNames of(Collection<Path> images) {
        return new OutputNames(images);
    }

    /** The name of {@code image}, which must be one of the run's. */
    String of(Path image) {
        String n = names.get(key(image));
        if (n == null) {
            throw new IllegalArgumentException(image + " is not an image of this run");
        }
        return n;
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static Map<Path, String> disambiguate(List<Path> group) {
        for (boolean extension : new boolean[] {false, true}) {
            for (int depth = extension ? 0 : 1; depth <= 32; depth++) {
                Map<Path, String> out = new LinkedHashMap<>();
                for (Path p : group) {
                    out.put(p, name(p, depth, extension));
                }
                if (new LinkedHashSet<>(out.values()).size() == group.size()) {
                    return out;
                }
            }
        }
        Map<Path, String> out = new LinkedHashMap<>(); // unreachable for distinct paths; stay unique anyway
        for (int i = 0; i < group.size(); i++) {
            out.put(group.get(i), PairPictures.stem(group.get(i)) + "_" + (i + 1));
        }
        return out;
    }

    /** The file's name (stem, or with its extension as {@code _ext}), after {@code depth} parent names. */
    private static String name(Path p, int depth, boolean extension) {
        String file = p.getFileName().toString();
        StringBuilder sb = new StringBuilder(extension ? file.replace('.', '_') : PairPictures.stem(p));
        Path dir = p.getParent();
        for (int d = 0; d < depth && dir != null && dir.getFileName() != null; d++, dir = dir.getParent()) {
            sb.insert(0, dir.getFileName() + "_");
        }
        return sb.toString();
    }
}
