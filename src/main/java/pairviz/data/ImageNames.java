package pairviz.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Which files count as images when a dataset folder is listed (decoding is {@link pairviz.image.ImageFiles}). */
public final class ImageNames {
    private ImageNames() {}

    /** File name extensions (lower case, no dot) treated as images when listing folders. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

    /** Whether the file name ends in one of {@link #EXTENSIONS} (any case). */
    public static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
