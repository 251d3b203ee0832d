package pairviz.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that decides a resumable job's output, by name, as text: the model file's content,
 * every model and preprocessing option, the dataset and the ordered list of its images. A job
 * saves its settings beside its partial work and reuses that work only when the settings it is
 * run with are the same ({@link #differences}).
 *
 * @param values setting name to value, in the order they are reported
 */
public record RunSettings(Map<String, String> values) {
    /** Longest value quoted in {@link #differences}; longer ones are cut. */
    private static final int QUOTED = 60;

    public RunSettings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No settings (a job whose partial work is never reused). */
    public static RunSettings none() {
        return new RunSettings(Map.of());
    }

    /** These settings and {@code name = value}. */
    public RunSettings with(String name, Object value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(name, String.valueOf(value));
        return new RunSettings(m);
    }

    /**
     * What differs between {@code earlier} (as saved, null when nothing was saved) and these
     * settings, one phrase per setting: {@code "--subset train, now test"}; empty when they are
     * the same.
     */
    public List<String> differences(Map<?, ?> earlier) {
        if (earlier == null) {
            return List.of("its settings were not recorded");
        }
        List<String> out = new ArrayList<>();
        Set<Object> names = new LinkedHashSet<>(values.keySet());
        names.addAll(earlier.keySet());
        for (Object name : names) {
            Object was = earlier.get(name);
            String now = values.get(String.valueOf(name));
            String before = was == null ? null : String.valueOf(was);
            if (!Objects.equals(before, now)) {
                int from = Math.max(0, commonPrefix(before, now) - QUOTED / 3);
                out.add(name + " " + quoted(before, from) + ", now " + quoted(now, from));
            }
        }
        return out;
    }

    /** {@code v} from character {@code from} on (where two values start to differ), cut to {@link #QUOTED}. */
    private static String quoted(String v, int from) {
        if (v == null) {
            return "unset";
        }
        String s = v.replaceAll("\\p{Cntrl}", "?");
        if (s.length() <= QUOTED) {
            return s;
        }
        int start = Math.min(from, s.length() - (QUOTED - 6));
        String cut = s.substring(start, Math.min(s.length(), start + QUOTED - 6));
        return (start > 0 ? "..." : "") + cut + (start + cut.length() < s.length() ? "..." : "");
    }

    private static int commonPrefix(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    /**
     * A file's identity by content: {@code "N bytes, sha256 H"} (H the first 16 hex digits), so
     * that a copy is the same file and a rewrite of the same size is not.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static String fileIdentity(Path file) {
        MessageDigest md = sha256();
        long bytes = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                bytes += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return bytes + " bytes, sha256 " + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /** An ordered list's identity: {@code "N items, sha256 H"} of its lines in order. */
    public static String listIdentity(Collection<String> items, String noun) {
        MessageDigest md = sha256();
        for (String item : items) {
            md.update(item.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
        }
        return items.size() + " " + noun + ", sha256 " + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
