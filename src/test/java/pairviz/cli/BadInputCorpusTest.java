package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import pairviz.model.Engines;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;
import pairviz.testutil.Fixtures;
import picocli.CommandLine;

/**
 * The bad-input corpus (issue 12): hostile images, checkpoints, options, pairs files and datasets
 * through every command that reads them, beside inputs that must keep working. Every command runs
 * in-process in one shared sandbox.
 *
 * <ul>
 *   <li>A bad input exits 2 with exactly one line on stderr, starting {@code pairviz: }, without
 *       a stack trace or "internal error", and the sandbox is byte for byte as it was (nothing
 *       written, nothing overwritten: sizes and modification times of every file and folder).</li>
 *   <li>A partly bad {@code --pairs} file exits 2 with one line naming the bad lines, and keeps
 *       the pictures and JSON of the good ones.</li>
 *   <li>A good input exits 0 without a stack trace or "internal error".</li>
 * </ul>
 *
 * <p>{@link #corpusIsLargeAndCoversEveryKind} checks that there are at least 300 cases.
 */
class BadInputCorpusTest {
    enum Expect { BAD, PARTIAL, GOOD }

    record Case(String name, Expect expect, String[] args, Path mustExist) {}

    private static Path sandbox;
    private static Path in;
    private static final List<Case> CASES = new ArrayList<>();
    private static int outputs;

    // ---- the inputs ----

    private static String vit;
    private static String resnet;
    private static String scenes;
    private static String good32a;
    private static String good32b;

    @BeforeAll
    static void makeInputs() throws IOException {
        Engines.pytorch(); // starts the engine (and its log lines) before any output is captured
        sandbox = Files.createTempDirectory("pairviz-corpus");
        in = Files.createDirectories(sandbox.resolve("in"));
        vit = copy("vit_tiny.pth");
        resnet = copy("resnet_tiny.pth");
        good32a = copy("blob0_32.png");
        good32b = copy("blob1_32.png");
        copy("blob0_64.png");
        copy("blob1_64.png");
        scenes = in.resolve("scenes").toString();
        assertThat(CliRunner.run("data", "scenes", "--out", scenes, "--classes", "4", "--per-class", "3", "--size", "32",
                "--seed", "5", "--quiet").exitCode()).isZero();
        CASES.clear();
        badImages();
        badCheckpoints();
        badOptions();
        badPairsFiles();
        badDatasets();
        goodInputs();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        System.out.println("bad-input corpus: " + CASES.size() + " cases, " + COUNTS);
        try (Stream<Path> all = Files.walk(sandbox)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String copy(String fixture) throws IOException {
        return Files.copy(Fixtures.fixture(fixture), in.resolve(fixture)).toString();
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(in.resolve(name), bytes);
    }

    private static byte[] half(String file) throws IOException {
        byte[] all = Files.readAllBytes(Path.of(file));
        return Arrays.copyOf(all, all.length / 2);
    }

    /** A fresh output path in the sandbox (never created by a bad case). */
    private static String out(String suffix) {
        return sandbox.resolve("out").resolve("o" + (outputs++) + suffix).toString();
    }

    private static void add(String name, Expect expect, String... args) {
        CASES.add(new Case(name, expect, args, null));
    }

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String[] vitModel() {
        return new String[] {"--weights", vit, "--heads", "4"};
    }

    private static String[] resnetModel() {
        return new String[] {"--weights", resnet, "--size", "64"};
    }

    // ---- bad images through every command that reads images ----

    private static void badImages() throws IOException {
        Map<String, String> images = new LinkedHashMap<>();
        images.put("missing", in.resolve("missing.png").toString());
        images.put("folder", Files.createDirectory(in.resolve("folder.png")).toString());
        images.put("empty", write("empty.png", new byte[0]).toString());
        images.put("text", write("text.png", "these are not pixels\n".getBytes(StandardCharsets.UTF_8)).toString());
        images.put("truncated png", write("truncated.png", half(good32a)).toString());
        images.put("broken crc png", write("crc.png", brokenCrc(Files.readAllBytes(Path.of(good32a)))).toString());
        images.put("1x1 png", png("tiny.png", 1, 1).toString());
        images.put("random bytes", write("random.png", random(4096)).toString());
        images.put("truncated jpeg", write("truncated.jpg", half(Fixtures.path("data/decode/rgb444.jpg").toString())).toString());
        images.put("bomb header", write("bomb.png", pngHeader(100_000, 100_000)).toString());
        images.put("device", "/dev/urandom");
        images.put("pdf", write("doc.png", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII)).toString());
        images.put("gzip", write("packed.png", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}).toString());
        for (Map.Entry<String, String> e : images.entrySet()) {
            String bad = e.getValue();
            String n = "image " + e.getKey();
            add(n + ": explain A", Expect.BAD, with(new String[] {"explain", bad, good32b, "--out", out("")}, vitModel()));
            add(n + ": explain B", Expect.BAD, with(new String[] {"explain", good32a, bad, "--out", out("")}, vitModel()));
            add(n + ": explain ResNet", Expect.BAD,
                    with(new String[] {"explain", bad, good32b, "--out", out("")}, resnetModel()));
            add(n + ": rollout", Expect.BAD, with(new String[] {"rollout", good32a, bad, "--out", out("")}, vitModel()));
            add(n + ": matrix", Expect.BAD, with(new String[] {"matrix", good32a, bad, "--out", out(".png")}, vitModel()));
            add(n + ": compare", Expect.BAD, with(new String[] {"compare", bad, good32b, "--out", out(".png")}, vitModel()));
            add(n + ": explain --pairs", Expect.BAD, with(new String[] {"explain", "--pairs",
                    pairs(e.getKey().replace(' ', '_') + ".txt", bad + " " + good32b), "--out", out("")}, vitModel()));
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(12).nextBytes(b);
        return b;
    }

    private static Path png(String name, int w, int h) throws IOException {
        Path file = in.resolve(name);
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        return file;
    }

    private static byte[] brokenCrc(byte[] png) {
        byte[] b = png.clone();
        b[b.length - 1] ^= 0x40; // the IEND chunk's CRC
        return b;
    }

    /** A PNG signature and an IHDR chunk declaring {@code w x h}, then IEND: a header-only bomb. */
    private static byte[] pngHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put(new byte[3]).array());
        chunk(b, "IEND", new byte[0]);
        return b.array();
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data).putInt((int) crc.getValue());
    }

    // ---- bad checkpoints through every command that loads one ----

    private static void badCheckpoints() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("missing", in.resolve("missing.pth").toString());
        files.put("folder", Files.createDirectory(in.resolve("folder.pth")).toString());
        files.put("empty", write("empty.pth", new byte[0]).toString());
        files.put("text", write("notes.pth", "not weights\n".getBytes(StandardCharsets.UTF_8)).toString());
        files.put("an image", good32a);
        files.put("truncated zip", write("cut.pth", half(vit)).toString());
        files.put("2 GB string pickle", write("string.pth", bytes(0x80, 2, 'X', 0xff, 0xff, 0xff, 0x7f, 'a', 'b', 'c', 'd',
                'e', 'f', 'g', 'h', 'i', 'j')).toString());
        files.put("2 GB LONG4 pickle", write("long4.pth", bytes(0x80, 2, 0x8b, 0xff, 0xff, 0xff, 0x7f, '0', '1', '2', '3',
                '4', '5', '6', '7', '8', '9')).toString());
        files.put("os.system", Files.copy(weights("hostile_system.pth"), in.resolve("system.pth")).toString());
        files.put("flipped byte", Files.copy(weights("hostile_flipped.pth"), in.resolve("flipped.pth")).toString());
        files.put("pickle.dump", Files.copy(weights("hostile_bare_pickle.pkl"), in.resolve("bare.pkl")).toString());
        files.put("foreign weights", Files.copy(weights("torch_zip.pth"), in.resolve("foreign.pth")).toString());
        files.put("complex dtype", Files.copy(weights("torch_complex.pth"), in.resolve("complex.pth")).toString());
        files.put("safetensors at offset 0", write("zero.safetensors", safetensors(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8)).toString());
        files.put("safetensors overlapping", write("overlap.safetensors", safetensors(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16)).toString());
        files.put("safetensors header too long", write("long.safetensors",
                ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).put("{\"a\":1}".getBytes())
                        .array()).toString());
        files.put("NaN weights", poisoned("nan.safetensors", Float.NaN));
        files.put("Inf weights", poisoned("inf.safetensors", Float.NEGATIVE_INFINITY));
        files.put("single npy", write("w.npy", npy()).toString());
        files.put("gzip", write("w.pth.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}).toString());
        for (Map.Entry<String, String> e : files.entrySet()) {
            String w = e.getValue();
            String n = "checkpoint " + e.getKey();
            add(n + ": explain", Expect.BAD, "explain", good32a, good32b, "--weights", w, "--heads", "4", "--out", out(""));
            add(n + ": explain --json", Expect.BAD, "explain", good32a, good32b, "--weights", w, "--heads", "4",
                    "--no-pictures", "--json", out(".json"));
            add(n + ": rollout", Expect.BAD, "rollout", good32a, "--weights", w, "--heads", "4", "--out", out(""));
            add(n + ": matrix", Expect.BAD, "matrix", good32a, good32b, "--weights", w, "--heads", "4", "--out", out(".png"));
            add(n + ": embed", Expect.BAD, "embed", "--data", scenes, "--subset", "all", "--weights", w, "--heads", "4",
                    "--out", out(".npy"));
            add(n + ": train --init", Expect.BAD, "train", "--data", scenes, "--model", "vit-tiny", "--init", w,
                    "--iterations", "1", "--batch-classes", "2", "--batch-per-class", "2", "--quiet", "--threads", "1",
                    "--out", out(""));
        }
    }

    private static Path weights(String name) {
        return Fixtures.path("weights/" + name);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).array();
    }

    private static byte[] npy() {
        byte[] h = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }".getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(10 + h.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h).array();
    }

    /** The tiny ViT's weights with one value of its last tensor replaced by {@code value}. */
    private static String poisoned(String name, float value) {
        StateDict dict = Checkpoints.read(Path.of(vit));
        Map<String, Tensor> copy = new LinkedHashMap<>(dict.asMap());
        String last = new ArrayList<>(copy.keySet()).get(copy.size() - 1);
        float[] data = copy.get(last).data().clone();
        data[data.length / 2] = value;
        copy.put(last, new Tensor(copy.get(last).shape(), data));
        Path file = in.resolve(name);
        SafetensorsWriter.write(file, StateDict.of(copy), Map.of());
        return file.toString();
    }

    // ---- bad options ----

    private static void badOptions() throws IOException {
        String[] explain = with(new String[] {"explain", good32a, good32b}, vitModel());
        String[] explainResnet = {"explain", Fixtures.fixture("blob0_64.png").toString(), Fixtures.fixture("blob1_64.png").toString(),
                "--weights", resnet, "--size", "64"};
        for (String[] bad : new String[][] {
                {"--mode", "bogus"}, {"--mode", ""}, {"--head-fusion", "median"}, {"--start-layer", "-1"},
                {"--start-layer", "99"}, {"--batch", "0"}, {"--batch", "-3"}, {"--heads", "0"}, {"--heads", "3"},
                {"--size", "5"}, {"--size", "60"}, {"--norm", "bogus"}, {"--norm", "1,2:3"}, {"--pooling", "max"},
                {"--model", "vit-b99"}, {"--model", "resnet-50"}, {"--colormap", "rainbow-unicorn"},
                {"--json", good32a}, {"--json", vit}, {"--json", in.toString()}, {"--json", "/proc/x.json"},
                {"--out", "/proc/x"}, {"--out", good32a}, {"--no-pictures"}, {"--bogus-flag"},
                {"--batch", "many"}, {"--start-layer", "1.5"}}) {
            add("option explain " + String.join(" ", bad), Expect.BAD, with(with(explain, bad),
                    bad[0].equals("--out") ? new String[0] : new String[] {"--out", out("")}));
        }
        for (String[] bad : new String[][] {
                {"--mode", "conservative"}, {"--start-layer", "1"}, {"--head-fusion", "max"}, {"--heads", "4"}}) {
            add("option ResNet explain " + String.join(" ", bad), Expect.BAD, with(with(explainResnet, bad), "--out", out("")));
            add("option ResNet matrix " + String.join(" ", bad), Expect.BAD, with(with(new String[] {"matrix",
                    Fixtures.fixture("blob0_64.png").toString(), Fixtures.fixture("blob1_64.png").toString(), "--weights", resnet,
                    "--size", "64"}, bad), "--out", out(".png")));
        }
        String[] matrix = with(new String[] {"matrix", good32a, good32b}, vitModel());
        for (String panel : new String[] {"0", "-5", "100000", "31", "1025"}) {
            add("option matrix --panel " + panel, Expect.BAD, with(matrix, "--panel", panel, "--out", out(".png")));
            add("option compare --panel " + panel, Expect.BAD, with(new String[] {"compare", good32a, good32b}, with(vitModel(),
                    "--panel", panel, "--out", out(".png"))));
        }
        add("option matrix one image", Expect.BAD, with(new String[] {"matrix", good32a}, with(vitModel(), "--out", out(".png"))));
        add("option matrix --json is an input", Expect.BAD, with(matrix, "--json", good32b, "--out", out(".png")));
        add("option matrix --out is an input", Expect.BAD, with(matrix, "--out", good32a));
        add("option matrix --out /proc", Expect.BAD, with(matrix, "--out", "/proc/x/m.png"));
        String[] rollout = with(new String[] {"rollout", good32a}, vitModel());
        add("option rollout --json is an input", Expect.BAD, with(rollout, "--json", good32a, "--out", out("")));
        add("option rollout --out /proc", Expect.BAD, with(rollout, "--out", "/proc/x"));
        add("option rollout ResNet", Expect.BAD, "rollout", Fixtures.fixture("blob0_64.png").toString(), "--weights", resnet,
                "--size", "64", "--start-layer", "1", "--out", out(""));
        String[] bench = {"bench", "--weights", vit, "--warmup", "0"};
        for (String pairs : new String[] {"0", "-1", "x"}) {
            add("option bench --pairs " + pairs, Expect.BAD, with(bench, "--pairs", pairs));
        }
        add("option bench --warmup -1", Expect.BAD, "bench", "--weights", vit, "--pairs", "1", "--warmup", "-1");
        String[] embed = with(new String[] {"embed", "--data", scenes, "--subset", "all"}, vitModel());
        add("option embed --out existing folder", Expect.BAD, with(embed, "--out", in.toString()));
        add("option embed --out /proc", Expect.BAD, with(embed, "--out", "/proc/x.npy"));
        add("option embed --subset bogus", Expect.BAD, "embed", "--data", scenes, "--subset", "bogus", "--weights", vit,
                "--heads", "4", "--out", out(".npy"));
        String[] train = {"train", "--data", scenes, "--model", "vit-tiny", "--iterations", "1", "--batch-classes", "2",
                "--batch-per-class", "2", "--quiet", "--threads", "1"};
        add("option train --out /proc", Expect.BAD, with(train, "--out", "/proc/x"));
        add("option train --out is a file", Expect.BAD, with(train, "--out", good32a));
        for (String[] bad : new String[][] {{"--iterations", "0"}, {"--iterations", "-4"}, {"--batch-classes", "0"},
                {"--batch-per-class", "1"}, {"--lr", "-1"}, {"--loss", "hinge"}, {"--optimizer", "lbfgs"},
                {"--crop-scale", "2-3"}, {"--checkpoint-every", "-1"}, {"--model", "vit-b99"}}) {
            add("option train " + String.join(" ", bad), Expect.BAD, with(with(train, bad), "--out", out("")));
        }
        add("option train --resume nothing", Expect.BAD, "train", "--out", out(""), "--resume");
        add("option serve --host", Expect.BAD, "serve", "--weights", vit, "--heads", "4", "--host", "no.such.host.invalid");
        add("option serve --port", Expect.BAD, "serve", "--weights", vit, "--heads", "4", "--port", "70000");
        add("option unknown command", Expect.BAD, "explian", good32a, good32b);
        add("option explain no images", Expect.BAD, with(new String[] {"explain"}, vitModel()));
        add("option explain three images", Expect.BAD, with(new String[] {"explain", good32a, good32b, good32a}, vitModel()));
        add("option explain no weights", Expect.BAD, "explain", good32a, good32b);
        add("option explain pair and --pairs", Expect.BAD, with(new String[] {"explain", good32a, good32b, "--pairs",
                pairs("both.txt", good32a + " " + good32b)}, vitModel()));
    }

    // ---- bad pairs files ----

    private static String pairs(String name, String text) throws IOException {
        return Files.writeString(in.resolve("pairs-" + name), text + "\n").toString();
    }

    private static void badPairsFiles() throws IOException {
        String[] model = vitModel();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("missing", in.resolve("no-pairs.txt").toString());
        files.put("empty", pairs("empty.txt", ""));
        files.put("only comments", pairs("comments.txt", "# nothing here\n\n# at all"));
        files.put("one field", pairs("one.txt", good32a));
        files.put("three fields", pairs("three.txt", good32a + " " + good32b + " " + good32a));
        files.put("not utf-8", Files.write(in.resolve("pairs-latin1.txt"), new byte[] {(byte) 0xe9, (byte) 0xff, ' ', 'a', '\n'})
                .toString());
        files.put("folder", in.toString());
        files.put("image as pairs file", good32a);
        for (Map.Entry<String, String> e : files.entrySet()) {
            add("pairs file " + e.getKey(), Expect.BAD, with(new String[] {"explain", "--pairs", e.getValue(), "--out", out("")},
                    model));
            add("pairs file " + e.getKey() + " (compare)", Expect.BAD, with(new String[] {"compare", "--pairs", e.getValue(),
                    "--out", out(".png")}, model));
        }
        // partly bad: the good lines are explained, the bad ones named
        String dir = out("");
        String json = out(".jsonl");
        String file = pairs("partial.txt", "# a good line, a missing image, a bad line, a truncated image, a good line\n"
                + good32a + " " + good32b + "\n" + in.resolve("gone.png") + " " + good32b + "\nonly-one-field\n"
                + in.resolve("truncated.png") + " " + good32a + "\n" + good32b + " " + good32a);
        CASES.add(new Case("pairs file partly bad", Expect.PARTIAL, with(new String[] {"explain", "--pairs", file, "--out", dir,
                "--json", json}, model), Path.of(json)));
    }

    // ---- bad datasets ----

    private static void badDatasets() throws IOException {
        Path oneClass = in.resolve("one-class");
        Path singletons = in.resolve("singletons");
        for (String split : new String[] {"train", "test"}) {
            for (int i = 0; i < 3; i++) {
                Files.createDirectories(oneClass.resolve(split).resolve("a"));
                Files.copy(Path.of(good32a), oneClass.resolve(split).resolve("a").resolve(i + ".png"));
                Files.createDirectories(singletons.resolve(split).resolve("c" + i));
                Files.copy(Path.of(good32b), singletons.resolve(split).resolve("c" + i).resolve("0.png"));
            }
        }
        Path emptyDir = Files.createDirectories(in.resolve("no-images"));
        String[] train = {"train", "--model", "vit-tiny", "--iterations", "1", "--batch-classes", "2", "--batch-per-class", "2",
                "--quiet", "--threads", "1"};
        for (String[] data : new String[][] {{oneClass.toString()}, {singletons.toString()}, {emptyDir.toString()},
                {in.resolve("nowhere").toString()}, {good32a}, {scenes, "--format", "cub"}, {scenes, "--format", "bogus"},
                {scenes, "--split", "bogus"}}) {
            add("dataset train " + String.join(" ", data).replace(in.toString(), ""), Expect.BAD,
                    with(with(train, "--out", out("")), with(new String[] {"--data"}, data)));
        }
        for (String[] data : new String[][] {{emptyDir.toString()}, {in.resolve("nowhere").toString()}, {good32a},
                {scenes, "--format", "bogus"}}) {
            add("dataset embed " + String.join(" ", data).replace(in.toString(), ""), Expect.BAD,
                    with(with(new String[] {"embed", "--subset", "all", "--out", out(".npy")}, vitModel()),
                            with(new String[] {"--data"}, data)));
        }
    }

    // ---- inputs that work ----

    private static void goodInputs() throws IOException {
        for (String f : new String[] {"rgb.png", "grey.jpg", "palette.png", "rgba.png", "greyalpha.png", "rgb.bmp", "rgb.tif",
                "rgb.webp", "icc.jpg", "rgb420.jpg", "icc.png"}) {
            String img = Fixtures.path("data/decode/" + f).toString();
            add("good image " + f, Expect.GOOD, with(new String[] {"explain", img, good32b, "--no-pictures", "--json",
                    out(".json")}, vitModel()));
        }
        add("good explain", Expect.GOOD, with(new String[] {"explain", good32a, good32b, "--out", out("")}, vitModel()));
        add("good explain conservative", Expect.GOOD, with(new String[] {"explain", good32a, good32b, "--mode",
                "conservative", "--start-layer", "1", "--head-fusion", "max", "--out", out("")}, vitModel()));
        add("good explain ResNet", Expect.GOOD, "explain", Fixtures.fixture("blob0_64.png").toString(),
                Fixtures.fixture("blob1_64.png").toString(), "--weights", resnet, "--size", "64", "--out", out(""));
        add("good explain ResNet --mode none", Expect.GOOD, "explain", Fixtures.fixture("blob0_64.png").toString(),
                Fixtures.fixture("blob1_64.png").toString(), "--weights", resnet, "--size", "64", "--mode", "none",
                "--out", out(""));
        add("good rollout", Expect.GOOD, with(new String[] {"rollout", good32a, good32b, "--out", out(""), "--json",
                out(".jsonl")}, vitModel()));
        add("good matrix --panel 32", Expect.GOOD, with(new String[] {"matrix", good32a, good32b, "--panel", "32", "--out",
                out(".png")}, vitModel()));
        add("good matrix --panel 1024", Expect.GOOD, with(new String[] {"matrix", good32a, good32b, "--panel", "1024",
                "--out", out(".png")}, vitModel()));
        add("good safetensors", Expect.GOOD, "explain", good32a, good32b, "--weights",
                Fixtures.fixture("vit_tiny.safetensors").toString(), "--out", out(""));
        add("good pairs", Expect.GOOD, with(new String[] {"explain", "--pairs", pairs("good.txt", good32a + " " + good32b
                + "\n# comment\n\n" + good32b + " " + good32a), "--out", out(""), "--json", out(".jsonl")}, vitModel()));
        add("good embed", Expect.GOOD, with(new String[] {"embed", "--data", scenes, "--subset", "all", "--out",
                out(".npy")}, vitModel()));
        add("good bench", Expect.GOOD, "bench", "--weights", vit, "--pairs", "1", "--warmup", "0");
        add("good help", Expect.GOOD, "explain", "--help");
    }

    // ---- running and judging ----

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
        int code;
        try {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(System.out, true));
            cl.setErr(new PrintWriter(System.err, true));
            code = cl.execute(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(code, sysOut.toString(StandardCharsets.UTF_8), sysErr.toString(StandardCharsets.UTF_8));
    }

    /** Every file and folder in the sandbox, with each file's size and modification time. */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> all = Files.walk(sandbox)) {
            for (Path p : all.toList()) {
                // a folder's own time changes when a file is created and removed in it (the
                // writability probe): what counts is which files exist, and their bytes
                state.put(sandbox.relativize(p).toString(), Files.isDirectory(p) ? "folder"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return state;
    }

    /**
     * The lines of an output, but the loader's note on the preprocessing it assumed (said once, when
     * the model loads, before any input is read: information, not the error).
     */
    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank())
                .filter(l -> !l.contains("nothing in the model says how to preprocess its images")).toList();
    }

    /** Totals over the corpus, for the closing note. */
    private static final Map<String, Integer> COUNTS = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> corpus() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) throws IOException {
        Map<String, String> before = snapshot();
        Run r = run(c.args());
        String all = r.out() + r.err();
        String what = c.name() + " (" + String.join(" ", c.args()) + "):\nstderr: " + r.err() + "\nstdout: " + r.out();
        boolean trace = all.contains("\tat ") || all.matches("(?s).*\\bat [a-z]+\\.[\\w.$]+\\(.*") || all.contains("Exception in");
        COUNTS.merge("stack traces", trace ? 1 : 0, Integer::sum);
        COUNTS.merge("internal errors", all.contains("internal error") ? 1 : 0, Integer::sum);
        assertThat(trace).as("stack trace in " + what).isFalse();
        assertThat(all).as(what).doesNotContain("internal error");
        switch (c.expect()) {
            case BAD -> {
                COUNTS.merge("bad inputs accepted", r.exitCode() == 0 ? 1 : 0, Integer::sum);
                assertThat(r.exitCode()).as(what).isEqualTo(2);
                assertThat(lines(r.err())).as(what).hasSize(1);
                assertThat(r.err()).as(what).startsWith("pairviz: ");
                assertThat(snapshot()).as("nothing written or overwritten by " + what).isEqualTo(before);
            }
            case PARTIAL -> {
                assertThat(r.exitCode()).as(what).isEqualTo(2);
                assertThat(lines(r.err())).as(what).hasSize(1);
                assertThat(r.err()).as(what).contains("line 3: ", "line 4: ", "line 5: ")
                        .contains("the 2 other pairs were explained");
                List<String> json = Files.readAllLines(c.mustExist());
                assertThat(json.stream().filter(l -> !l.contains("\"error\""))).as("JSON of the good pairs").hasSize(2);
                assertThat(json.stream().filter(l -> l.contains("\"error\""))).as("each bad line named in the JSON").hasSize(3);
            }
            case GOOD -> assertThat(r.exitCode()).as(what).isZero();
        }
    }

    @Test
    void corpusIsLargeAndCoversEveryKind() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(300);
        assertThat(CASES.stream().map(Case::expect).distinct()).containsExactlyInAnyOrder(Expect.values());
        assertThat(CASES.stream().map(Case::name).distinct().count()).as("case names unique").isEqualTo(CASES.size());
    }

    @Test
    void resumeKeepsCheckpointEvery() throws IOException {
        Path runDir = sandbox.resolve("resumed");
        Run r = run("train", "--data", scenes, "--model", "vit-tiny", "--iterations", "6", "--checkpoint-every", "2",
                "--batch-classes", "2", "--batch-per-class", "2", "--quiet", "--threads", "1", "--out", runDir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        // as if killed just after step 2: its checkpoint is the last one
        Path checkpoints = runDir.resolve("checkpoints");
        for (String it : new String[] {"000004", "000006"}) {
            for (String ext : new String[] {".json", ".safetensors", ".train.safetensors"}) {
                Files.delete(checkpoints.resolve("iter-" + it + ext));
            }
        }
        Files.writeString(runDir.resolve("last.json"), "{\"iteration\": 2, \"manifest\": \"checkpoints/iter-000002.json\","
                + " \"weights\": \"checkpoints/iter-000002.safetensors\"}");
        r = run("train", "--out", runDir.toString(), "--resume", "--quiet", "--threads", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(checkpoints.resolve("iter-000004.safetensors")).as("step 4 checkpointed as --checkpoint-every 2 said")
                .isRegularFile();
        assertThat(checkpoints.resolve("iter-000006.safetensors")).isRegularFile();
        assertThat(Files.readString(checkpoints.resolve("iter-000004.json"))).contains("\"checkpoint_every\" : 2");
    }

    @Test
    void namesThatCollideAreMadeUniqueAndPredictable() throws IOException {
        Path a = Files.createDirectories(sandbox.resolve("images/0")).resolve("0.png");
        Path b = Files.createDirectories(sandbox.resolve("images/1")).resolve("0.png");
        Files.copy(Path.of(good32a), a);
        Files.copy(Path.of(good32b), b);
        Path dir = sandbox.resolve("collide");
        Run r = run(with(new String[] {"explain", a.toString(), b.toString(), "--out", dir.toString()}, vitModel()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "0_0_1_0_pair.png", "0_0_simmap_with_1_0.png", "1_0_simmap_with_0_0.png");
        }
        Path rolled = sandbox.resolve("collide-rollout");
        r = run(with(new String[] {"rollout", a.toString(), b.toString(), "--out", rolled.toString()}, vitModel()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(lines(r.out())).containsExactly(rolled.resolve("0_0_rollout.png").toString(),
                rolled.resolve("1_0_rollout.png").toString());
    }
}
