package pairviz.web;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import pairviz.PairvizException;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.RolloutSpec;
import pairviz.image.ImageFiles;
import pairviz.image.Placement;
import pairviz.image.PreparedImage;
import pairviz.loading.EmbeddingModel;
import pairviz.session.ExplainSession;

/**
 * The shared network and what runs it: image inputs in, {@link ImageFeatures} out, every photo
 * prepared by the model's own {@link pairviz.image.Preprocessing} (as the command line does). One
 * {@link ImageEmbedder} per rollout option (head fusion, start layer) remembers the features of
 * recently used gallery images; uploads are decoded, run and forgotten. Every forward pass frees
 * its native memory on return ({@link FeatureExtractor}); the parameters never require gradients,
 * so worker threads build no autograd graph.
 */
final class Inference {
    private final EmbeddingModel model;
    private final int batch;
    private final long maxPixels;
    private final Map<RolloutSpec, ImageEmbedder> embedders = new ConcurrentHashMap<>();
    /** Checks a gallery image again and gives its real file ({@link GalleryFiles#open}). */
    private final Function<GalleryFiles.Image, Path> open;
    /** Size and modification time of each gallery file when its features were remembered. */
    private final Map<Path, String> stamps = new ConcurrentHashMap<>();

    /** @param open checks a gallery image at the moment it is used and gives its real file */
    Inference(EmbeddingModel model, int batch, long maxPixels,
            Function<GalleryFiles.Image, Path> open) {
        this.model = model;
        this.batch = batch;
        this.maxPixels = maxPixels;
        this.open = open;
    }

    EmbeddingModel model() {
        return model;
    }

    /** Features of the inputs, in order, with rollout made as {@code spec} says. */
    List<ImageFeatures> features(RolloutSpec spec, List<? extends ImageInput> inputs) {
        return seen(spec, inputs).stream().map(Seen::features).toList();
    }

    /**
     * One input as the network saw it.
     *
     * @param features what the network made of it
     * @param placement where the network's input lay on the photo
     * @param photo the photo as decoded (EXIF orientation applied), for its pictures
     */
    record Seen(ImageFeatures features, Placement placement, BufferedImage photo) {}

    /** Features of the inputs, in order, with rollout made as {@code spec} says, and where each input lay on its photo. */
    List<Seen> seen(RolloutSpec spec, List<? extends ImageInput> inputs) {
        ImageEmbedder embedder = embedder(spec);
        Seen[] out = new Seen[inputs.size()];
        List<Integer> uploaded = new ArrayList<>();
        List<PreparedImage> prepared = new ArrayList<>();
        List<BufferedImage> photos = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Path> galleryFiles = new ArrayList<>();
        List<Integer> fromGallery = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ImageInput in = inputs.get(i);
            if (in instanceof ImageInput.Uploaded u) {
                uploaded.add(i);
                ids.add(u.name());
                BufferedImage photo = decode(u);
                photos.add(photo);
                prepared.add(embedder.prepare(photo));
            } else if (in instanceof ImageInput.FromGallery g) {
                fromGallery.add(i);
                galleryFiles.add(current(open.apply(g.image()))); // still inside the gallery, and unchanged
            }
        }
        if (!uploaded.isEmpty()) {
            List<ImageFeatures> f = embedder.extractor().extract(ids, prepared.stream().map(PreparedImage::pixels).toList());
            for (int j = 0; j < f.size(); j++) {
                out[uploaded.get(j)] = new Seen(f.get(j), prepared.get(j).placement(), photos.get(j));
            }
        }
        if (!galleryFiles.isEmpty()) {
            List<ImageFeatures> f = embedder.features(galleryFiles);
            for (int j = 0; j < f.size(); j++) {
                Path file = galleryFiles.get(j);
                out[fromGallery.get(j)] = new Seen(f.get(j), embedder.placement(file), ImageFiles.read(file, maxPixels));
            }
        }
        return List.of(out);
    }

    /**
     * {@code file}, after forgetting its remembered features if it is not the file they were
     * made from: the memory is keyed by the file's identity (real path, size, modification time).
     */
    private Path current(Path file) {
        String stamp;
        try {
            stamp = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw HttpError.notFound("gallery image " + file.getFileName() + " is gone");
        }
        if (!stamp.equals(stamps.put(file, stamp))) {
            embedders.values().forEach(e -> e.forget(file));
        }
        return file;
    }

    /** Decodes an upload; a failure names the upload, not its temporary file. */
    private BufferedImage decode(ImageInput.Uploaded u) {
        try {
            return ImageFiles.read(u.file(), maxPixels);
        } catch (PairvizException e) {
            throw new PairvizException(e.getMessage().replace(u.file().toString(), "'" + u.name() + "'"));
        }
    }

    private ImageEmbedder embedder(RolloutSpec spec) {
        return embedders.computeIfAbsent(spec, s ->
                ExplainSession.embedder(model, s, batch, 0)); // the session's feature path and cache policy
    }
}
