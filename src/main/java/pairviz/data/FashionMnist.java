package pairviz.data;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import pairviz.PairvizException;

/**
 * Reads Fashion-MNIST from its IDX files ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 * each optionally gzipped with a {@code .gz} suffix, as Debian's {@code dataset-fashion-mnist}
 * installs them in {@link #DEFAULT_DIR}).
 *
 * <p>Split for retrieval with unseen classes: the 60,000 train and 10,000 t10k images are pooled
 * (train first, each in file order) and divided by class: labels 0-4 train (35,000 images),
 * 5-9 test (35,000). Labels are the digits {@code "0"} to {@code "9"}; {@link #CLASS_NAMES} gives
 * their names. Images are 28 x 28 greyscale, kept in memory (about 55 MB) and turned into
 * {@link BufferedImage}s on demand; their ids are {@code fashion-mnist/train/<index>} and
 * {@code fashion-mnist/t10k/<index>}.
 */
public final class FashionMnist {
    private FashionMnist() {}

    static final String NAME = "fashion-mnist";

    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Labels below this train, the rest test. */
    public static final int FIRST_TEST_CLASS = 5;

    /** The names of labels 0-9. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Reads the files in {@link #DEFAULT_DIR}. */
    public static Dataset read() {
        return read(DEFAULT_DIR);
    }

    /**
     * Reads the four IDX files in {@code dir}.
     *
     * @throws PairvizException if a file is missing, is not an IDX file of the expected kind, or
     *     image and label counts differ
     */
    public static Dataset read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PairvizException(NAME + ": folder " + dir + " not found"
                    + (dir.equals(DEFAULT_DIR) ? " (install it with: apt-get install dataset-fashion-mnist)" : ""));
        }
        List<Sample> train = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        for (String part : List.of("train", "t10k")) {
            Idx images = Idx.read(find(dir, part + "-images-idx3-ubyte"), 3);
            Idx labels = Idx.read(find(dir, part + "-labels-idx1-ubyte"), 1);
            if (images.dims()[0] != labels.dims()[0]) {
                throw new PairvizException(NAME + ": " + images.file() + " has " + images.dims()[0] + " images but "
                        + labels.file() + " has " + labels.dims()[0] + " labels");
            }
            int h = images.dims()[1];
            int w = images.dims()[2];
            for (int i = 0; i < images.dims()[0]; i++) {
                int label = labels.data()[i] & 0xFF;
                ImageSource source = new GreyImage(NAME + "/" + part + "/" + i, images.data(), i * w * h, w, h);
                (label < FIRST_TEST_CLASS ? train : test).add(new Sample(source, Integer.toString(label)));
            }
        }
        return new Dataset(NAME, train, test);
    }

    private static Path find(Path dir, String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new PairvizException(NAME + ": " + name + "[.gz] not found in " + dir);
    }

    /** An unsigned-byte IDX file: its dimensions and data. */
    record Idx(Path file, int[] dims, byte[] data) {

        /** Reads an IDX file of unsigned bytes with {@code rank} dimensions, gunzipping if needed. */
        static Idx read(Path file, int rank) {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                raw.mark(2);
                boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                DataInputStream in = new DataInputStream(gz ? new GZIPInputStream(raw, 1 << 16) : raw);
                int magic = in.readInt();
                if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != 0x08 || (magic & 0xFF) != rank) {
                    throw new PairvizException(file + ": not an IDX file of unsigned bytes with " + rank
                            + " dimension" + (rank == 1 ? "" : "s") + String.format(" (magic number 0x%08x)", magic));
                }
                int[] dims = new int[rank];
                long size = 1;
                for (int d = 0; d < rank; d++) {
                    dims[d] = in.readInt();
                    size *= dims[d];
                }
                if (size < 0 || size > Integer.MAX_VALUE - 8) {
                    throw new PairvizException(file + ": bad IDX dimensions " + java.util.Arrays.toString(dims));
                }
                byte[] data = new byte[(int) size];
                in.readFully(data);
                return new Idx(file, dims, data);
            } catch (EOFException e) {
                throw new PairvizException(file + ": truncated IDX file", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** A greyscale image inside a shared pixel array (row-major, one byte per pixel). */
    static final class GreyImage implements ImageSource {
        private final String id;
        private final byte[] pixels;
        private final int offset;
        private final int width;
        private final int height;

        GreyImage(String id, byte[] pixels, int offset, int width, int height) {
            this.id = id;
            this.pixels = pixels;
            this.offset = offset;
            this.width = width;
            this.height = height;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public BufferedImage load() {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int v = pixels[offset + y * width + x] & 0xFF;
                    image.setRGB(x, y, v << 16 | v << 8 | v);
                }
            }
            return image;
        }

        @Override
        public String toString() {
            return id;
        }
    }
}
