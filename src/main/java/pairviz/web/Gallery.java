package pairviz.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.ImageNames;
import pairviz.data.Labels;

/**
 * The images the server may read: every image file under the class folders of the configured
 * gallery folders ({@code DIR/<class>/...}), found once at start-up.
 *
 * <p>Requests name images by id ({@code <gallery>/<class>/<file>}) and only ids of this index are
 * ever opened, so no request string becomes a path. Files whose real path (symbolic links
 * resolved) leaves their gallery folder are not indexed, and the real path is checked again
 * before each read.
 */
final class Gallery {
    /** One gallery image. {@code label} is {@code <gallery>/<class>}. */
    record Image(String id, String label, Path file, Path root) {}

    private final Map<String, Image> byId;
    private final Map<String, List<Image>> byLabel;

    private Gallery(List<Image> images) {
        Map<String, Image> ids = new LinkedHashMap<>();
        Map<String, List<Image>> labels = new LinkedHashMap<>();
        for (Image im : images) {
            ids.put(im.id(), im);
            labels.computeIfAbsent(im.label(), k -> new ArrayList<>()).add(im);
        }
        this.byId = Collections.unmodifiableMap(ids);
        labels.replaceAll((k, v) -> List.copyOf(v));
        this.byLabel = Collections.unmodifiableMap(labels);
    }

    static Gallery empty() {
        return new Gallery(List.of());
    }

    /**
     * Indexes the class folders of {@code roots}.
     *
     * @throws PairvizException for a missing folder or one without images in class folders
     */
    static Gallery index(List<Path> roots) {
        List<Image> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw BadParameterException.of("gallery", root + ": no such folder");
            }
            Path real = realPath(root);
            String name = uniqueName(real.getFileName() == null ? "gallery" : real.getFileName().toString(), names);
            names.add(name);
            int before = images.size();
            for (Path cls : classFolders(real)) {
                String label = name + "/" + cls.getFileName();
                for (Path file : imagesUnder(real, cls)) {
                    String rel = real.relativize(file).toString().replace('\\', '/');
                    images.add(new Image(name + "/" + rel, label, file, real));
                }
            }
            if (images.size() == before) {
                throw BadParameterException.of("gallery", root + ": no images in class folders (expected "
                        + root.resolve("<class>").resolve("<image>.jpg") + ")");
            }
        }
        return new Gallery(images);
    }

    /** Every image, in index order. */
    List<Image> images() {
        return List.copyOf(byId.values());
    }

    /** Class labels ({@code <gallery>/<class>}) and their images. */
    Map<String, List<Image>> classes() {
        return byLabel;
    }

    int size() {
        return byId.size();
    }

    /**
     * The image with this id.
     *
     * @throws HttpError 404 for any id not in the index (including every traversal attempt)
     */
    Image image(String id) {
        Image im = id == null ? null : byId.get(id);
        if (im == null) {
            throw HttpError.notFound("no gallery image with id '" + Uploads.displayName(id, "") + "'");
        }
        return im;
    }

    /**
     * The file of {@code image}, checked again now: it must still resolve inside its gallery.
     *
     * @throws HttpError 404 when it is gone or a link now points elsewhere
     */
    Path open(Image image) {
        try {
            Path real = image.file().toRealPath();
            if (!real.startsWith(image.root()) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw HttpError.notFound("gallery image '" + image.id() + "' is no longer inside its gallery");
            }
            return real;
        } catch (IOException e) {
            throw HttpError.notFound("gallery image '" + image.id() + "' is gone");
        }
    }

    /** The images of a class label. */
    List<Image> members(String label) {
        List<Image> m = label == null ? null : byLabel.get(label);
        if (m == null) {
            throw HttpError.notFound("no gallery class '" + Uploads.displayName(label, "") + "'");
        }
        return m;
    }

    private static List<Path> classFolders(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), Labels.NATURAL))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Image files below {@code cls} whose real path stays inside {@code root}; hidden names skipped. */
    private static List<Path> imagesUnder(Path root, Path cls) {
        try (Stream<Path> s = Files.walk(cls)) {
            return s.filter(p -> !hidden(cls.relativize(p)))
                    .filter(ImageNames::isImageName)
                    .filter(Files::isRegularFile)
                    .filter(p -> inside(root, p))
                    .sorted(Comparator.comparing(p -> cls.relativize(p).toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cls + ": " + e.getMessage(), e);
        }
    }

    private static boolean inside(Path root, Path p) {
        try {
            Path real = p.toRealPath();
            return real.startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw BadParameterException.of("gallery", dir + ": " + e.getMessage());
        }
    }

    private static String uniqueName(String name, List<String> taken) {
        String n = name;
        for (int i = 2; taken.contains(n); i++) {
            n = name + "-" + i;
        }
        return n;
    }
}
