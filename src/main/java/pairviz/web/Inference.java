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
import pairviz.image.Normalization;
import pairviz.loading.EmbeddingModel;

/**
 * The shared network and what runs it: image inputs in, {@link ImageFeatures} out. One
 * {@link ImageEmbedder} per rollout option (head fusion, start layer) remembers the features of
 * recently used gallery images; uploads are decoded, run and forgotten. Every forward pass frees
 * its native memory on return ({@link FeatureExtractor}); the parameters never require gradients,
 * so worker threads build no autograd graph.
 */
final class Inference {
    /** Gallery images whose full features (all token contributions) are remembered, per rollout option. */
    private static final int FEATURE_CACHE = 64;

    private final EmbeddingModel model;
    private final Normalization normalization;
    private final int batch;
    private final long maxPixels;
    private final Map<RolloutSpec, ImageEmbedder> embedders = new ConcurrentHashMap<>();
    /** Checks a gallery image again and gives its real file ({@link GalleryFiles#open}). */
    private final Function<GalleryFiles.Image, Path> open;
    /** Size and modification time of each gallery file when its features were remembered. */
    private final Map<Path, String> stamps = new ConcurrentHashMap<>();

    /** @param open checks a gallery image at the moment it is used and gives its real file */
    Inference(EmbeddingModel model, Normalization normalization, int batch, long maxPixels,
            Function<GalleryFiles.Image, Path> open) {
        this.model = model;
        this.normalization = normalization;
        this.batch = batch;
        this.maxPixels = maxPixels;
        this.open = open;
    }

    EmbeddingModel model() {
        return model;
    }

    /** Features of the inputs, in order, with rollout made as {@code spec} says. */
    List<ImageFeatures> features(RolloutSpec spec, List<? extends ImageInput> inputs) {
        ImageEmbedder embedder = embedder(spec);
        ImageFeatures[] out = new ImageFeatures[inputs.size()];
        List<Integer> uploaded = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Path> galleryFiles = new ArrayList<>();
        List<Integer> fromGallery = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ImageInput in = inputs.get(i);
            if (in instanceof ImageInput.Uploaded u) {
                uploaded.add(i);
                ids.add(u.name());
                pixels.add(embedder.preprocess(decode(u)));
            } else if (in instanceof ImageInput.FromGallery g) {
                fromGallery.add(i);
                galleryFiles.add(current(open.apply(g.image()))); // still inside the gallery, and unchanged
            }
        }
        if (!uploaded.isEmpty()) {
            List<ImageFeatures> f = embedder.extractor().extract(ids, pixels);
            for (int j = 0; j < f.size(); j++) {
                out[uploaded.get(j)] = f.get(j);
            }
        }
        if (!galleryFiles.isEmpty()) {
            List<ImageFeatures> f = embedder.features(galleryFiles);
            for (int j = 0; j < f.size(); j++) {
                out[fromGallery.get(j)] = f.get(j);
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
                new ImageEmbedder(new FeatureExtractor(model, s), normalization, batch, FEATURE_CACHE));
    }
}
