package pairviz.model.weights;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;
import pairviz.PairvizException;

/**
 * Reads model checkpoints into a {@link StateDict} of float32 tensors. The format is recognised
 * from the file's content, not its name:
 * <ul>
 *   <li>PyTorch {@code torch.save} files, zip (PyTorch 1.6+) or legacy: a state dict, a dict
 *       wrapping one ({@code {'state_dict': ..., 'epoch': 3}}), or a whole pickled module;</li>
 *   <li>{@code .safetensors};</li>
 *   <li>NumPy {@code .npz} (names are the entry names without {@code .npy}).</li>
 * </ul>
 * A TorchScript archive ({@link Probe#isTorchScript}) is a whole network, not a state dict: it is
 * refused here, and {@code pairviz.loading.ModelLoader} runs it as a network. Float16, bfloat16, float64, integer and boolean tensors are converted to float32. If every
 * name starts with {@code module.} (a data-parallel wrapper), that prefix is removed.
 *
 * <p>No Python code is run: pickles are only parsed, so reading an untrusted file is safe. Files
 * that a state dict would never be are still refused, in one line: a pickle that calls a global
 * outside the allow-list of {@code torch.load(weights_only=True)} (named in the message); sizes
 * declared by the file (pickle opcodes, zip entries, safetensors offsets, storage sizes) that the
 * file cannot hold or that would not fit in memory, checked before anything is allocated; zip
 * entries whose CRC-32 does not match; safetensors tensors whose data overlap.
 */
public final class Checkpoints {
    private Checkpoints() {}

    /** Prefix that {@code torch.nn.DataParallel} puts before every name. */
    public static final String DATA_PARALLEL_PREFIX = "module.";

    /**
     * Reads the weights in {@code file}.
     *
     * @throws PairvizException with a one-line message naming the file if it is missing,
     *                          unreadable, not a checkpoint, corrupt, or uses an unsupported type
     */
    public static StateDict read(Path file) {
        return readContents(file).weights();
    }

    /**
     * What a checkpoint file holds: its weights and, for a {@code .safetensors} file, its
     * {@code __metadata__} strings (empty for the other formats).
     *
     * @param weights the tensors, as {@link #read} gives them
     * @param metadata the file's metadata strings, whatever the file is named
     */
    public record Contents(StateDict weights, Map<String, String> metadata) {
        public Contents {
            metadata = Map.copyOf(metadata);
        }
    }

    /**
     * Reads the weights in {@code file} and its metadata, opening it once; the format is
     * recognised by content (a safetensors file named {@code .pth} keeps its metadata).
     *
     * @throws PairvizException as {@link #read} does
     */
    public static Contents readContents(Path file) {
        return guard(file, () -> {
            Map<String, String> metadata = new java.util.LinkedHashMap<>();
            StateDict dict = StateDict.of(readTensors(file, metadata));
            if (dict.size() == 0) {
                throw new BadCheckpoint("holds no tensors");
            }
            return new Contents(dict.allNamesStartWith(DATA_PARALLEL_PREFIX) ? dict.stripPrefix(DATA_PARALLEL_PREFIX) : dict,
                    metadata);
        });
    }

    /**
     * The first bytes of a file and, for a zip archive, its entry names: enough to recognise a
     * model's format by content, read once.
     *
     * @param size the file's size in bytes
     * @param head its first bytes (up to 4 kB)
     * @param zipEntries the entry names of a zip archive, or null for any other file
     */
    public record Probe(long size, byte[] head, java.util.List<String> zipEntries) {
        /** Whether the file starts with these bytes. */
        public boolean startsWith(byte[] magic) {
            return head.length >= magic.length && java.util.Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
        }

        /** Whether the file is a TorchScript archive ({@code torch.jit.save}): a whole network, not a state dict. */
        public boolean isTorchScript() {
            return zipEntries != null && Checkpoints.isTorchScript(zipEntries);
        }
    }

    /**
     * The first bytes of {@code file} and its zip entries.
     *
     * @throws PairvizException in one line if it is missing, a directory, empty, unreadable or a corrupt zip
     */
    public static Probe probe(Path file) {
        return guard(file, () -> {
            Head head = Head.of(file);
            java.util.List<String> entries = null;
            if (head.isZip()) {
                try (ZipFile zip = new ZipFile(file.toFile())) {
                    entries = zip.stream().map(ZipEntry::getName).toList();
                }
            }
            return new Probe(head.fileSize, java.util.Arrays.copyOf(head.bytes, head.length), entries);
        });
    }

    /**
     * The {@code __metadata__} strings of a {@code .safetensors} file (empty if it has none).
     *
     * @throws PairvizException naming the file if it is missing or not a valid safetensors file
     */
    public static Map<String, String> readSafetensorsMetadata(Path file) {
        return guard(file, () -> {
            Head head = Head.of(file);
            if (!SafetensorsFormat.looksLike(head.bytes, head.length, head.fileSize)) {
                throw new BadCheckpoint("is not a .safetensors file");
            }
            return SafetensorsFormat.readMetadata(file);
        });
    }

    private static boolean isTorchScript(ZipFile zip) {
        return isTorchScript(zip.stream().map(ZipEntry::getName).toList());
    }

    private static boolean isTorchScript(java.util.List<String> entries) {
        return entries.stream().anyMatch(n -> n.matches("([^/]+/)?constants\\.pkl"))
                && entries.stream().anyMatch(n -> n.matches("([^/]+/)?code/.+"));
    }

    private static Map<String, Tensor> readTensors(Path file, Map<String, String> metadata) throws IOException {
        Head head = Head.of(file);
        if (head.isZip()) {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                if (isTorchScript(zip)) {
                    throw new BadCheckpoint("is a TorchScript archive (a whole network, not a state dict): pairviz runs it "
                            + "as the network to explain, but cannot read weights out of it (docs/models.md)");
                }
                if (TorchZipFormat.findPickle(zip) != null) {
                    return TorchZipFormat.read(zip, file);
                }
                if (NpzFormat.isNpz(zip)) {
                    return NpzFormat.read(zip);
                }
                throw new BadCheckpoint("is a zip archive but neither a PyTorch checkpoint (no data.pkl) nor a NumPy .npz");
            }
        }
        if (SafetensorsFormat.looksLike(head.bytes, head.length, head.fileSize)) {
            return SafetensorsFormat.read(file, metadata);
        }
        if (TorchLegacyFormat.looksLike(head.bytes, head.length)) {
            return TorchLegacyFormat.read(file);
        }
        if (NpzFormat.isNpy(head.bytes, head.length)) {
            throw new BadCheckpoint("is a single NumPy array (.npy), not a set of named weights (save them with numpy.savez)");
        }
        throw new BadCheckpoint("is not a checkpoint (" + head.describe()
                + "; expected a PyTorch .pth/.pt, a .safetensors or a .npz file)");
    }

    /** The first bytes of a file, for recognising its format. */
    /** Bytes read to recognise a file: every format's magic, and a TensorFlow.js model.json's first keys. */
    private static final int HEAD_BYTES = 4096;

    private record Head(byte[] bytes, int length, long fileSize) {
        static Head of(Path file) throws IOException {
            if (Files.exists(file) && !Files.isRegularFile(file)) { // a device or pipe has no size to read, or no end
                throw new BadCheckpoint("is not a regular file: it is " + pairviz.util.FileKinds.describe(file));
            }
            long size = Files.size(file);
            if (size == 0) {
                throw new BadCheckpoint("is empty");
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] b = in.readNBytes(HEAD_BYTES);
                return new Head(b, b.length, size);
            }
        }

        boolean isZip() {
            return length >= 4 && bytes[0] == 'P' && bytes[1] == 'K'
                    && (bytes[2] == 3 && bytes[3] == 4 || bytes[2] == 5 && bytes[3] == 6);
        }

        boolean startsWith(int... magic) {
            if (length < magic.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                if ((bytes[i] & 0xff) != magic[i]) {
                    return false;
                }
            }
            return true;
        }

        String describe() {
            if (startsWith(0x89, 'P', 'N', 'G')) {
                return "it is a PNG image";
            }
            if (startsWith(0xff, 0xd8, 0xff)) {
                return "it is a JPEG image";
            }
            if (startsWith(0x89, 'H', 'D', 'F')) {
                return "it is an HDF5 file, e.g. Keras .h5, which is not supported";
            }
            if (startsWith(0x1f, 0x8b)) {
                return "it is gzip-compressed; decompress it first";
            }
            if (length >= 9 && bytes[0] == (byte) 0x80 && (bytes[1] == 0 || bytes[1] == 1)) {
                return "it looks like an old protocol pickle";
            }
            return "unrecognised content";
        }
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws IOException;
    }

    /** Runs {@code action}, turning every failure into a one-line message naming the file. */
    private static <T> T guard(Path file, Action<T> action) {
        if (Files.isDirectory(file)) {
            throw new PairvizException("checkpoint " + file + " is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new PairvizException("checkpoint " + file + " does not exist");
        }
        try {
            return action.run();
        } catch (BadCheckpoint e) {
            throw fail(file, e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw fail(file, "does not exist", e);
        } catch (AccessDeniedException e) {
            throw fail(file, "cannot be read (permission denied)", e);
        } catch (ZipException e) {
            throw fail(file, "is truncated or corrupt (zip: " + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw fail(file, "is truncated (it ends early)", e);
        } catch (PickleException e) {
            throw fail(file, "is corrupt (pickle: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            throw fail(file, m.contains("premature end of file") ? "is truncated (pickle data ends early)"
                    : "cannot be read (" + e.getClass().getSimpleName() + ": " + m + ")", e);
        } catch (RuntimeException e) { // ClassCast, IndexOutOfBounds ... from malformed content
            throw fail(file, "is corrupt (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")", e);
        }
    }

    private static PairvizException fail(Path file, String problem, Throwable cause) {
        String oneLine = problem.replaceAll("\\s+", " ").strip();
        return new PairvizException("checkpoint " + file + " " + oneLine, cause);
    }
}
