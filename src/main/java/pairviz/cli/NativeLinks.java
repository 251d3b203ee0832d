package pairviz.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Loads the JDK's native libraries and links its native methods that reading the arguments and
 * a checkpoint need, before the engine starts on its own thread. Loading PyTorch's library holds
 * the C library's loader lock for the quarter of a second its static initialisers take, and the
 * JVM loads a library, or links a native method the first time it is called, under that lock: a
 * first call from the command's thread meanwhile (a float decoded, a file channel read or mapped,
 * a CRC taken, an image class initialised) would wait for the whole load ({@code -Xlog:jni+resolve}
 * lists the links). Called once; a failure only means those links are made later.
 */
final class NativeLinks {
    private NativeLinks() {}

    static void link() {
        // the interpreter calls these through JNI; compiled code inlines them
        Float.intBitsToFloat(Float.floatToRawIntBits(1f));
        Double.longBitsToDouble(Double.doubleToRawLongBits(1d));
        StrictMath.sqrt(2);
        Runtime rt = Runtime.getRuntime();
        rt.maxMemory();
        rt.totalMemory();
        rt.freeMemory();
        java.util.TimeZone.getDefault(); // zip entries' times
        // libawt and the classes of colours and images (each links natives as it is initialised):
        // the colour maps are parsed with the arguments, and the photos decode while the engine starts
        java.awt.Color.BLACK.getRGB();
        new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB).getRGB(0, 0);
        new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_3BYTE_BGR).getRGB(0, 0);
        Path zip = null;
        try {
            zip = Files.createTempFile("pairviz-start", ".zip");
            try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
                out.putNextEntry(new ZipEntry("deflated"));
                out.write(new byte[64]);
                out.closeEntry();
            }
            try (ZipFile z = new ZipFile(zip.toFile()); InputStream in = z.getInputStream(z.getEntry("deflated"))) {
                in.readAllBytes();
            }
            try (FileChannel ch = FileChannel.open(zip)) {
                ByteBuffer head = ByteBuffer.allocate(16);
                ch.read(head, 0);
                ch.position(0);
                ch.read(head.clear());
                CRC32 crc = new CRC32();
                crc.update(head.array());
                crc.update(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // nothing lost: the methods are linked when first called
        } finally {
            try {
                if (zip != null) {
                    Files.deleteIfExists(zip);
                }
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }
}
