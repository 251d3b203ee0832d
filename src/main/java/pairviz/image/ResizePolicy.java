package pairviz.image;

import java.util.Locale;
import pairviz.PairvizException;

/** How a photo of any shape becomes the network's square input; {@link Placement} says where it lands. */
public enum ResizePolicy {
    /** The whole photo stretched to the square (the authors' resize; their checkpoints and {@code --mode reference}). */
    SQUASH("squash"),
    /** Shorter side to S / crop fraction, then the centre S x S (torchvision, timm, Hugging Face). */
    CENTER_CROP("center-crop"),
    /** The whole photo inside the square, the rest filled (letterbox). */
    PAD("pad");

    private final String id;

    ResizePolicy(String id) {
        this.id = id;
    }

    /** The name used by flags, JSON and checkpoint metadata. */
    public String id() {
        return id;
    }

    /** Where the input lands on a {@code width} x {@code height} photo under this policy. */
    public Placement place(int width, int height, double cropFraction) {
        return switch (this) {
            case SQUASH -> Placement.squash(width, height);
            case CENTER_CROP -> Placement.centerCrop(width, height, cropFraction);
            case PAD -> Placement.pad(width, height);
        };
    }

    /** @throws PairvizException naming the accepted values */
    public static ResizePolicy parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (ResizePolicy p : values()) {
            if (p.id.equals(t)) {
                return p;
            }
        }
        throw new PairvizException("resize policy '" + text + "': expected squash, center-crop or pad");
    }
}
