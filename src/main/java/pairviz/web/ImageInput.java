package pairviz.web;

import java.nio.file.Path;

/** An image a request names: an upload (in a temporary file) or a gallery image. */
sealed interface ImageInput {
    /** The name shown in answers. */
    String name();

    /** An uploaded file, already checked for size and type; deleted after the request. */
    record Uploaded(String name, Path file, String format) implements ImageInput {}

    /** A gallery image, by its id. */
    record FromGallery(GalleryFiles.Image image) implements ImageInput {
        @Override
        public String name() {
            return image.id();
        }
    }
}
