package pairviz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The drawing of the house, checked on the sources: every package of {@code src/main} has a
 * {@code package-info.java}; each one's "Must not import:" list holds for every class of the
 * package (imports and fully qualified names in code); and nothing below the command line
 * imports it.
 */
class PackageRulesTest {
    static final Path MAIN = Path.of("src/main/java");
    static final Pattern RULE = Pattern.compile("Must not import:(.*?)\\.\\s*(\\*/|\\n\\s*\\*\\s*\\n|\\(|$)", Pattern.DOTALL);
    static final Pattern CODE = Pattern.compile("\\{@code (pairviz[\\w.]*)}");
    static final Pattern REFERENCE = Pattern.compile("\\bpairviz((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void everyPackageSaysWhatItOwnsAndWhatItMustNotImport() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path dir : packages()) {
            Path info = dir.resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                missing.add(name(dir));
            }
        }
        assertThat(missing).as("packages of src/main without package-info.java").isEmpty();
    }

    @Test
    void noPackageImportsWhatItsPackageInfoForbids() throws IOException {
        TreeMap<String, Set<String>> broken = new TreeMap<>();
        int rules = 0;
        for (Path dir : packages()) {
            Path info = dir.resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                continue;
            }
            List<String> forbidden = forbidden(Files.readString(info));
            rules += forbidden.isEmpty() ? 0 : 1;
            String self = name(dir);
            List<String> checked = new ArrayList<>(forbidden);
            if (!self.equals("pairviz.cli")) {
                checked.add("pairviz.cli"); // nothing below the command line imports it
            }
            for (Path file : classes(dir)) {
                for (String used : referenced(Files.readString(file))) {
                    for (String f : checked) {
                        if (used.equals(f) || used.startsWith(f + ".")) {
                            broken.computeIfAbsent(file.getFileName() + " (" + self + ")", k -> new TreeSet<>()).add(used);
                        }
                    }
                }
            }
        }
        assertThat(rules).as("packages with a 'Must not import:' rule").isGreaterThanOrEqualTo(15);
        assertThat(broken).as("classes that import a package their package-info forbids").isEmpty();
    }

    @Test
    void theCheckerSeesImportsAndQualifiedNamesButNotComments() {
        String source = "package pairviz.x;\nimport pairviz.model.vit.VitConfig;\nimport static pairviz.cli.Main.run;\n"
                + "/** {@link pairviz.web.WebServer} */\nclass A { Object o = new pairviz.render.Colormap(); // pairviz.train.X\n}";
        assertThat(referenced(source)).containsExactlyInAnyOrder("pairviz.model.vit", "pairviz.cli", "pairviz.render");
        assertThat(forbidden("/**\n * Owns x.\n *\n * <p>Must not import: {@code pairviz.cli},\n * {@code pairviz.web}.\n */"))
                .containsExactly("pairviz.cli", "pairviz.web");
    }

    /** The packages a "Must not import:" paragraph names. */
    static List<String> forbidden(String packageInfo) {
        Matcher m = RULE.matcher(packageInfo);
        List<String> out = new ArrayList<>();
        if (m.find()) {
            Matcher c = CODE.matcher(m.group(1));
            while (c.find()) {
                out.add(c.group(1));
            }
        }
        return out;
    }

    /** The pairviz packages a source file uses in code (comments left out). */
    static Set<String> referenced(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            out.add("pairviz" + m.group(1));
        }
        return out;
    }

    static List<Path> packages() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN.resolve("pairviz"))) {
            return s.filter(Files::isDirectory).filter(d -> !classes(d).isEmpty()).sorted().toList();
        }
    }

    static List<Path> classes(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String name(Path dir) {
        return MAIN.relativize(dir).toString().replace('/', '.');
    }
}
