package pairviz.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.DatasetFormat;
import pairviz.data.Sample;
import pairviz.data.Split;

/**
 * The images the server may read: every image file of the configured gallery datasets (any
 * format pairviz reads, detected as the CLI detects it), found once at start-up. This is the
 * web app's id-to-file safety index only; search and class scores are the library's
 * {@link pairviz.gallery.Gallery}, built from {@link #samples()}.
 *
 * <p>Requests name images by id ({@code <gallery>/<path under the gallery folder>}; for folders
 * of classes {@code <gallery>/<class>/<file>}) and only ids of this index are ever opened, so no
 * request string becomes a path. A class label is {@code <gallery>/<label>}. Files whose real
 * path (symbolic links resolved) leaves their gallery folder are not indexed, and the real path
 * is checked again before each read.
 */
final class GalleryFiles {
    /** One gallery image. {@code label} is {@code <gallery>/<class>}. */
    record Image(String id, String label, Path file, Path root) {}

    private final Map<String, Image> byId;
    private final Map<Path, Image> byFile;
    private final Map<String, List<Image>> byLabel;
    /** Image id to its caption within its class: as few trailing path parts as tell the class's images apart. */
    private final Map<String, String> names = new LinkedHashMap<>();

    private GalleryFiles(List<Image> images) {
        Map<String, Image> ids = new LinkedHashMap<>();
        Map<Path, Image> files = new LinkedHashMap<>();
        Map<String, List<Image>> labels = new LinkedHashMap<>();
        for (Image im : images) {
            ids.put(im.id(), im);
            files.put(im.file(), im);
            labels.computeIfAbsent(im.label(), k -> new ArrayList<>()).add(im);
        }
        this.byId = Collections.unmodifiableMap(ids);
        this.byFile = Collections.unmodifiableMap(files);
        labels.replaceAll((k, v) -> List.copyOf(v));
        this.byLabel = Collections.unmodifiableMap(labels);
        byLabel.values().forEach(members -> names.putAll(captions(members)));
    }

    /**
     * Captions of one class's images: the last {@code k} parts of each image's path under its
     * gallery, {@code k} the fewest that tell them apart (usually the file name: a scenes
     * gallery's {@code images/0/3.png} of class {@code 0} is {@code 3.png}).
     */
    private static Map<String, String> captions(List<Image> members) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int k = 1; ; k++) {
            out.clear();
            boolean whole = true;
            for (Image im : members) {
                String[] parts = im.id().substring(im.id().indexOf('/') + 1).split("/");
                int from = Math.max(0, parts.length - k);
                whole &= from == 0;
                out.put(im.id(), String.join("/", java.util.Arrays.copyOfRange(parts, from, parts.length)));
            }
            if (whole || new java.util.HashSet<>(out.values()).size() == members.size()) {
                return out;
            }
        }
    }

    /** The caption of {@code image} within its class (see {@link #captions}). */
    String name(Image image) {
        return names.get(image.id());
    }

    /**
     * Indexes the datasets at {@code roots}, all their images (train and test).
     *
     * @throws PairvizException for a missing folder, one that is not a dataset with images, or a
     *     dataset whose images are not files (they could not be served)
     */
    static GalleryFiles index(List<Path> roots) {
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
            for (Sample s : allImages(root, real)) {
                Path file = s.path().orElseThrow(() -> BadParameterException.of("gallery", root
                        + ": its images are not files (" + DatasetFormat.detect(real).key + "), so they cannot be served"));
                if (inside(real, file)) {
                    String rel = real.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
                    images.add(new Image(name + "/" + rel, name + "/" + s.label(), file, real));
                }
            }
            if (images.size() == before) {
                throw BadParameterException.of("gallery", root + ": no images inside the folder");
            }
        }
        return new GalleryFiles(images);
    }

    /** Every image of the dataset at {@code real}, train then test; its own message prefixed on failure. */
    private static List<Sample> allImages(Path root, Path real) {
        Dataset d;
        try {
            d = DatasetFormat.detect(real).read(real, Split.UNSEEN_CLASSES);
        } catch (PairvizException e) {
            throw BadParameterException.of("gallery", root + ": " + e.getMessage());
        }
        List<Sample> all = new ArrayList<>(d.train());
        all.addAll(d.test());
        return all;
    }

    /** Every image, in index order. */
    List<Image> images() {
        return List.copyOf(byId.values());
    }

    /** Every image as a labelled sample (label {@code <gallery>/<class>}), in index order, to embed. */
    List<Sample> samples() {
        return byId.values().stream().map(im -> Sample.ofFile(im.file(), im.label())).toList();
    }

    /** The indexed image stored at {@code file} (a file of {@link #samples()}), if any. */
    Optional<Image> byFile(Path file) {
        return Optional.ofNullable(byFile.get(file));
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

    /**
     * The class with this label.
     *
     * @throws HttpError 404 for a label not in the index
     */
    List<Image> members(String label) {
        List<Image> m = label == null ? null : byLabel.get(label);
        if (m == null) {
            throw HttpError.notFound("no gallery class '" + Uploads.displayName(label, "") + "'");
        }
        return m;
    }

    private static boolean inside(Path root, Path p) {
        try {
            return p.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
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
