package pairviz.explain;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.image.ImageFiles;
import pairviz.image.Normalization;
import pairviz.image.Preprocess;
import pairviz.image.Resize;

/**
 * Image files in, {@link ImageFeatures} out: reads, resizes (bilinear, as torchvision does on PIL
 * images), normalises and runs the network in batches, remembering the features of recent images
 * so that an image paired many times costs one forward pass.
 */
public final class ImageEmbedder {
    private final FeatureExtractor extractor;
    private final Normalization normalization;
    private final int batchSize;
    private final Map<Path, ImageFeatures> cache;

    /**
     * @param batchSize images per forward pass
     * @param cacheSize how many images' features to keep
     */
    public ImageEmbedder(FeatureExtractor extractor, Normalization normalization, int batchSize, int cacheSize) {
        if (batchSize < 1 || cacheSize < 0) {
            throw new IllegalArgumentException("batch size must be positive and cache size not negative");
        }
        this.extractor = extractor.withNormalization(normalization);
        this.normalization = normalization;
        this.batchSize = batchSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, ImageFeatures> eldest) {
                return size() > cacheSize;
            }
        };
    }

    public FeatureExtractor extractor() {
        return extractor;
    }

    /** The network input for one image: resized to S x S, scaled to [0, 1], normalised; 3 x S x S. */
    public float[] preprocess(BufferedImage image) {
        return Preprocess.networkInput(image, extractor.model().config().imageSize(), normalization);
    }

    /** The image as the network sees it, before normalisation: resized to S x S (bilinear). */
    public BufferedImage resized(BufferedImage image) {
        int s = extractor.model().config().imageSize();
        return Resize.bilinear(image, s, s);
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
            List<float[]> inputs = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Path p : chunk) {
                inputs.add(preprocess(ImageFiles.read(p)));
                ids.add(p.getFileName().toString());
            }
            List<ImageFeatures> out = extractor.extract(ids, inputs);
            for (int j = 0; j < chunk.size(); j++) {
                fresh.put(chunk.get(j), out.get(j));
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
