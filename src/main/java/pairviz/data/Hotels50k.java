package pairviz.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import pairviz.PairvizException;

/**
 * Reads Hotels-50k as its download scripts lay it out.
 *
 * <ul>
 *   <li>{@code train_set.csv} and {@code test_set.csv}, with a header naming at least
 *       {@code image_id}, {@code hotel_id} and {@code source} (or {@code image_source}), and
 *       optionally {@code url} (or {@code image_url}), looked for in the root, then
 *       {@code input/dataset/}, {@code dataset/} and {@code input/};
 *   <li>train images at {@code images/train/<chain>/<hotel>/<source>/<image_id>.<ext>}, test
 *       images at {@code images/test/unoccluded/...} (or one of the occluded variants), where
 *       {@code ext} is the extension of the image's URL ({@code jpg} when there is none);
 *   <li>the chain of each hotel from {@code hotel_info.csv} ({@code hotel_id}, {@code chain_id})
 *       when present; hotels it does not list (or all, without it) are found by listing the
 *       {@code <chain>/<hotel>} folders of the image tree once.
 * </ul>
 *
 * <p>The label is the hotel id (not the chain). Listed images that are not on disk (failed
 * downloads are common) are left out and counted in {@link Dataset#missing()}.
 */
public final class Hotels50k {
    private Hotels50k() {}

    static final String NAME = "hotels50k";
    private static final String[] META_DIRS = {"", "input/dataset", "dataset", "input"};

    /** Which version of the test images to use. */
    public enum TestImages {
        UNOCCLUDED("unoccluded"),
        LOW_OCCLUSIONS("low_occlusions"),
        MEDIUM_OCCLUSIONS("medium_occlusions"),
        HIGH_OCCLUSIONS("high_occlusions");

        /** The folder name under {@code images/test/}. */
        public final String folder;

        TestImages(String folder) {
            this.folder = folder;
        }
    }

    /** Reads the dataset with the unoccluded test images. */
    public static Dataset read(Path root) {
        return read(root, TestImages.UNOCCLUDED);
    }

    /**
     * Reads the dataset at {@code root}.
     *
     * @throws PairvizException if a CSV, a required column or an image folder is missing, a hotel
     *     has no chain folder, or none of the listed images exists
     */
    public static Dataset read(Path root, TestImages testImages) {
        DatasetFiles.requireRoot(NAME, root);
        Path trainCsv = DatasetFiles.requireFile(NAME, root, "train_set.csv", META_DIRS);
        Path testCsv = DatasetFiles.requireFile(NAME, root, "test_set.csv", trainCsv.getParent().toString(), "");
        Path trainDir = DatasetFiles.requireDir(NAME, root, "images/train");
        Path testDir = DatasetFiles.requireDir(NAME, root, "images/test/" + testImages.folder);
        Map<String, String> chains = hotelChains(root, trainCsv.getParent());

        DatasetFiles.Checked train = DatasetFiles.keepExisting(NAME, list(trainCsv, trainDir, chains), trainCsv.toString());
        DatasetFiles.Checked test = DatasetFiles.keepExisting(NAME, list(testCsv, testDir, chains), testCsv.toString());
        return new Dataset(NAME, train.present(), test.present(), train.missing() + test.missing());
    }

    /** hotel id -> chain id from hotel_info.csv, or an empty map without it. */
    private static Map<String, String> hotelChains(Path root, Path metaDir) {
        Path info = DatasetFiles.findFile(metaDir, "hotel_info.csv");
        if (info == null) {
            info = DatasetFiles.findFile(root, "hotel_info.csv", META_DIRS);
        }
        Map<String, String> chains = new HashMap<>();
        if (info != null) {
            try (TableFile table = TableFile.csv(info)) {
                int hotelCol = table.column("hotel_id");
                int chainCol = table.column("chain_id");
                for (String[] row = table.next(); row != null; row = table.next()) {
                    chains.put(table.field(row, hotelCol), table.field(row, chainCol));
                }
            }
        }
        return chains;
    }

    private static List<Sample> list(Path csv, Path imageDir, Map<String, String> infoChains) {
        Map<String, String> treeChains = null;
        List<Sample> samples = new ArrayList<>();
        try (TableFile table = TableFile.csv(csv)) {
            int imageCol = table.column("image_id");
            int hotelCol = table.column("hotel_id");
            int sourceCol = table.column("source", "image_source");
            int urlCol = table.optionalColumn("url", "image_url");
            for (String[] row = table.next(); row != null; row = table.next()) {
                String hotel = table.field(row, hotelCol);
                String chain = infoChains.get(hotel);
                if (chain == null) {
                    if (treeChains == null) {
                        treeChains = chainFolders(imageDir);
                    }
                    chain = treeChains.get(hotel);
                }
                if (chain == null) {
                    // Not downloaded at all: the image cannot exist; keep it so it is counted as missing.
                    chain = "unknown-chain";
                }
                String ext = urlCol < 0 ? "jpg" : extension(table.field(row, urlCol));
                Path file = imageDir.resolve(chain).resolve(hotel).resolve(table.field(row, sourceCol))
                        .resolve(table.field(row, imageCol) + "." + ext);
                samples.add(Sample.ofFile(file, hotel));
            }
        }
        return samples;
    }

    /** hotel -> chain from the folders {@code dir/<chain>/<hotel>}. */
    static Map<String, String> chainFolders(Path dir) {
        Map<String, String> chains = new HashMap<>();
        try (Stream<Path> chainDirs = Files.list(dir)) {
            for (Path chainDir : (Iterable<Path>) chainDirs.filter(Files::isDirectory)::iterator) {
                try (Stream<Path> hotels = Files.list(chainDir)) {
                    hotels.filter(Files::isDirectory).forEach(h ->
                            chains.putIfAbsent(h.getFileName().toString(), chainDir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return chains;
    }

    /** The file extension the download script gives an image: its URL's, else jpg. */
    static String extension(String url) {
        String path = url;
        int cut = path.indexOf('?');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash || dot == path.length() - 1) {
            return "jpg";
        }
        String ext = path.substring(dot + 1);
        return ext.length() <= 5 && ext.chars().allMatch(Character::isLetterOrDigit) ? ext : "jpg";
    }
}
