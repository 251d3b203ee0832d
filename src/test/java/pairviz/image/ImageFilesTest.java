package pairviz.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pairviz.PairvizException;
import pairviz.testutil.Fixtures;

class ImageFilesTest {
    @TempDir
    Path tmp;

    /** Every fixture decodes to exactly what PIL's {@code convert('RGB')} gives. */
    @ParameterizedTest
    @ValueSource(strings = {
        "rgb420.jpg", "rgb444.jpg", "progressive.jpg", "icc_xyz.jpg", "grey.jpg", "cmyk.jpg", "ycck.jpg",
        "cmyk.tif", "rgb.tif", "grey.png", "bilevel.png", "palette.png", "rgba.png", "grey_alpha.png",
        "rgb16.png", "grey16.png", "rgb.bmp", "palette.bmp", "lossless.webp", "palette.gif"})
    void decodesLikePil(String name) {
        BufferedImage img = ImageFiles.read(Fixtures.path("image/decode/" + name));
        String expected = "image/decode/" + Fixtures.json("image/cases.json").get("decode").get(name).asText();

        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        int[] size = Fixtures.size(expected);
        assertThat(new int[] {img.getWidth(), img.getHeight()}).containsExactly(size);
        assertThat(Fixtures.rgb(img)).containsExactly(Fixtures.expectedRgb(expected));
    }

    /**
     * Lossy WebP: TwelveMonkeys' VP8 decoder is not libwebp (chroma upsampling and YUV conversion
     * differ), so only closeness is asserted. Measured on this smooth fixture: mean 2.1, max 13.
     */
    @Test
    void lossyWebpIsClose() {
        BufferedImage img = ImageFiles.read(Fixtures.path("image/decode/lossy.webp"));
        int[] expected = Fixtures.expectedRgb("image/decode/lossy_webp_expected.png");
        int[] actual = Fixtures.rgb(img);
        assertThat(Fixtures.maxChannelDiff(actual, expected)).isLessThanOrEqualTo(16);
        assertThat(Fixtures.meanChannelDiff(actual, expected)).isLessThan(3.0);
    }

    @Test
    void transparentPixelsKeepTheirColour() {
        // the fixture's first four pixels have alpha 0; PIL drops alpha without compositing
        BufferedImage img = ImageFiles.read(Fixtures.path("image/decode/rgba.png"));
        int[] expected = Fixtures.expectedRgb("image/decode/rgba_png_expected.png");
        for (int x = 0; x < 4; x++) {
            assertThat(img.getRGB(x, 0) & 0xffffff).isEqualTo(expected[x]).isNotZero();
        }
    }

    @Test
    void missingFile() {
        Path f = tmp.resolve("nope.jpg");
        assertThatThrownBy(() -> ImageFiles.read(f))
                .isInstanceOf(PairvizException.class)
                .hasMessage("cannot read image " + f + ": no such file");
    }

    @Test
    void directory() {
        assertThatThrownBy(() -> ImageFiles.read(tmp))
                .isInstanceOf(PairvizException.class)
                .hasMessage("cannot read image " + tmp + ": it is a directory, not an image file");
    }

    @Test
    void unreadable() throws IOException {
        Path f = Files.copy(Fixtures.path("image/decode/rgb420.jpg"), tmp.resolve("locked.jpg"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(f), "running as a user who can read anything (root)");
        assertThatThrownBy(() -> ImageFiles.read(f)).hasMessage("cannot read image " + f + ": permission denied");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.createFile(tmp.resolve("empty.png"));
        assertThatThrownBy(() -> ImageFiles.read(f))
                .isInstanceOf(PairvizException.class)
                .hasMessage("cannot read image " + f + ": the file is empty");
    }

    @Test
    void textFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("notes.jpg"), "not an image at all\n");
        assertThatThrownBy(() -> ImageFiles.read(f))
                .isInstanceOf(PairvizException.class)
                .hasMessage("cannot read image " + f + ": not an image (unrecognised format)");
    }

    @Test
    void checkpointNamedLikeAnImage() throws IOException {
        // a torch checkpoint is a zip file: PK header
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Path f = Files.write(tmp.resolve("weights.png"), zip);
        assertThatThrownBy(() -> ImageFiles.read(f))
                .isInstanceOf(PairvizException.class)
                .hasMessage("cannot read image " + f + ": not an image (unrecognised format)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rgb420.jpg", "progressive.jpg", "cmyk.jpg", "rgba.png", "grey.png", "rgb.bmp",
        "rgb.tif", "palette.gif", "lossless.webp", "lossy.webp"})
    void truncatedFile(String name) throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.path("image/decode/" + name));
        Path f = Files.write(tmp.resolve("cut_" + name), Arrays.copyOf(all, all.length * 6 / 10));
        assertThatThrownBy(() -> ImageFiles.read(f))
                .isInstanceOf(PairvizException.class)
                .hasMessageStartingWith("cannot read image " + f + ": ")
                .hasMessageContaining("truncated")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void hugeDeclaredSizeIsRefusedFromTheHeader() throws IOException {
        Path f = tmp.resolve("bomb.png");
        Files.write(f, pngHeaderOnly(100_000, 100_000));
        assertThatThrownBy(() -> ImageFiles.read(f))
                .isInstanceOf(PairvizException.class)
                .hasMessage("cannot read image " + f
                        + ": image is 100000 x 100000 pixels (10000.0 megapixels), over the limit of 64.0 megapixels");
    }

    @Test
    void pixelLimitIsAdjustable() {
        Path f = Fixtures.path("image/decode/rgb420.jpg"); // 24 x 16
        assertThat(ImageFiles.read(f, 384).getWidth()).isEqualTo(24);
        assertThatThrownBy(() -> ImageFiles.read(f, 383)).hasMessageContaining("over the limit");
    }

    @Test
    void tooSmall() throws IOException {
        Path f = tmp.resolve("line.png");
        ImageIO.write(new BufferedImage(7, 1, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        assertThatThrownBy(() -> ImageFiles.read(f))
                .isInstanceOf(PairvizException.class)
                .hasMessage("cannot read image " + f + ": image is 7 x 1 pixels, too small (at least 2 x 2)");
    }

    @Test
    void smallestAcceptedImage() throws IOException {
        Path f = tmp.resolve("tiny.png");
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0x123456);
        ImageIO.write(img, "png", f.toFile());
        assertThat(Fixtures.rgb(ImageFiles.read(f))).containsExactly(0, 0, 0, 0x123456);
    }

    /** A PNG signature and IHDR chunk (with a valid CRC), then nothing. */
    private static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(chunk);
        c.write("IHDR".getBytes(StandardCharsets.US_ASCII));
        c.writeInt(width);
        c.writeInt(height);
        c.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB
        byte[] body = chunk.toByteArray();
        out.writeInt(body.length - 4);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }

    private Path png(String name, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Path f = tmp.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void aFileReadAgainIsDecodedOnceUntilItChanges() throws IOException {
        Path f = png("again.png", 0xff0000);
        BufferedImage first = ImageFiles.read(f);
        assertThat(ImageFiles.read(f)).isSameAs(first);
        assertThat(ImageFiles.read(tmp.resolve(".").resolve("again.png"))).isSameAs(first); // the same file
        png("again.png", 0x0000ff);
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(f).toMillis() + 2000)); // a change within the clock's resolution too
        BufferedImage second = ImageFiles.read(f);
        assertThat(second).isNotSameAs(first);
        assertThat(second.getRGB(0, 0) & 0xffffff).isEqualTo(0x0000ff);
    }

    @Test
    void aRememberedImageIsStillRefusedOverALowerLimit() throws IOException {
        Path f = png("limit.png", 0x00ff00);
        ImageFiles.read(f); // 16 pixels, remembered
        assertThatThrownBy(() -> ImageFiles.read(f, 10)).isInstanceOf(PairvizException.class).hasMessageContaining("pixels");
    }

    @Test
    void aPrefetchedFileThatFailsIsReportedByTheRead() throws Exception {
        Path missing = tmp.resolve("missing.png");
        Path ok = png("ok.png", 0x123456);
        ImageFiles.prefetch(java.util.List.of(missing, ok));
        assertThatThrownBy(() -> ImageFiles.read(missing)).isInstanceOf(PairvizException.class).hasMessageContaining("no such file");
        assertThat(ImageFiles.read(ok).getRGB(1, 1) & 0xffffff).isEqualTo(0x123456);
    }
}
