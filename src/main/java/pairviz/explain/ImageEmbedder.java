package pairviz.explain;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.image.ImageFiles;
import pairviz.image.Placement;
import pairviz.image.PreparedImage;
import pairviz.image.Preprocessing;

/**
 * Image files in, {@link ImageFeatures} out: reads, prepares each photo as the model's {@link
 * Preprocessing} says (resize policy, interpolation, range, normalisation, channel order) and runs
 * the network in batches, remembering the features of recent images so that an image paired many
 * times costs one forward pass. The cache holds plain numbers: a gradient mode that needs an
 * image's input again prepares its file again.
 */
public final class ImageEmbedder {
    private final FeatureExtractor extractor;
    private final Preprocessing preprocessing;
    private final int batchSize;
    private final Map<Path, ImageFeatures> cache;
    /** Where each cached image's input lies on its photo. */
    private final Map<Path, Placement> placements = new HashMap<>();

    /**
     * @param preprocessing how a photo becomes the network's input (its size must be the model's)
     * @param batchSize images per forward pass
     * @param cacheSize how many images' features to keep
     */
    public ImageEmbedder(FeatureExtractor extractor, Preprocessing preprocessing, int batchSize, int cacheSize) {
        if (batchSize < 1 || cacheSize < 0) {
            throw new IllegalArgumentException("batch size must be positive and cache size not negative");
        }
        if (preprocessing.size() != extractor.model().config().imageSize()) {
            throw new IllegalArgumentException("preprocessing for size " + preprocessing.size() + ", the model takes "
                    + extractor.model().config().imageSize());
        }
        this.extractor = extractor.withNormalization(preprocessing.range(), preprocessing.norm());
        this.preprocessing = preprocessing;
        this.batchSize = batchSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, ImageFeatures> eldest) {
                if (size() > cacheSize) {
                    placements.remove(eldest.getKey());
                    return true;
                }
                return false;
            }
        };
    }

    public FeatureExtractor extractor() {
        return extractor;
    }

    /** How photos become the network's input. */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The network input for one photo and where it lies on the photo ({@link Preprocessing#prepare}). */
    public PreparedImage prepare(BufferedImage image) {
        return preprocessing.prepare(image);
    }

    /** The network input for one image: 3 x S x S, as {@link #prepare} makes it. */
    public float[] preprocess(BufferedImage image) {
        return prepare(image).pixels();
    }

    /** Where the network's input lies on a photo of this size. */
    public Placement placement(int width, int height) {
        return preprocessing.placement(width, height);
    }

    /** Where the network's input lies on an image file's photo (remembered with its features, else read). */
    public synchronized Placement placement(Path image) {
        Placement p = placements.get(image.toAbsolutePath().normalize());
        if (p != null) {
            return p;
        }
        BufferedImage photo = ImageFiles.read(image);
        return placement(photo.getWidth(), photo.getHeight());
    }

    /** The image as the network sees it, before normalisation: S x S ({@link Preprocessing#picture}). */
    public BufferedImage resized(BufferedImage image) {
        return preprocessing.picture(image);
    }

    /** Reads an image file and resizes it as the network sees it. */
    public BufferedImage resized(Path image) {
        return resized(ImageFiles.read(image));
    }

    /** Features of one image file. */
    public ImageFeatures features(Path image) {
        return features(List.of(image)).get(0);
    }

    /** Drops what is remembered of {@code image}, e.g. because the file changed. */
    public synchronized void forget(Path image) {
        cache.remove(image.toAbsolutePath().normalize());
        placements.remove(image.toAbsolutePath().normalize());
    }

    /** Features of several image files, in order; uncached images go through the network in batches. */
    public synchronized List<ImageFeatures> features(List<Path> images) {
        List<Path> todo = new ArrayList<>();
        for (Path p : images) {
            Path key = p.toAbsolutePath().normalize();
            if (!cache.containsKey(key) && !todo.contains(key)) {
                todo.add(key);
            }
        }
        Map<Path, ImageFeatures> fresh = new LinkedHashMap<>();
        for (int i = 0; i < todo.size(); i += batchSize) {
            List<Path> chunk = todo.subList(i, Math.min(todo.size(), i + batchSize));
            List<PreparedImage> prepared = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Path p : chunk) {
                prepared.add(prepare(ImageFiles.read(p)));
                ids.add(p.getFileName().toString());
            }
            List<ImageFeatures> out = extractor.extract(ids, prepared.stream().map(PreparedImage::pixels).toList());
            for (int j = 0; j < chunk.size(); j++) {
                Path file = chunk.get(j);
                // the gradient modes prepare the photo again: the cache holds no pixels (and the
                // registry's value must not hold this embedder, whose cache holds the key)
                Preprocessing how = preprocessing;
                Origins.remember(out.get(j), extractor, () -> how.prepare(ImageFiles.read(file)).pixels());
                fresh.put(chunk.get(j), out.get(j));
                placements.put(chunk.get(j), prepared.get(j).placement());
                cache.put(chunk.get(j), out.get(j));
            }
        }
        List<ImageFeatures> result = new ArrayList<>();
        for (Path p : images) {
            Path key = p.toAbsolutePath().normalize();
            ImageFeatures f = fresh.containsKey(key) ? fresh.get(key) : cache.get(key);
            result.add(f);
        }
        return result;
    }
}
