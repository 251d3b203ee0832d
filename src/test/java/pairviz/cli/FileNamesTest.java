package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/**
 * Issue 23 item 5: file names whatever the locale. Java 17 names files in the locale's character
 * set and no option changes it, so the launcher runs Java in a UTF-8 locale; a name Java cannot
 * represent is said to be so, never "does not exist".
 */
class FileNamesTest {
    @TempDir Path tmp;

    @Test
    void aNameWithUndecodableBytesIsNotCalledMissing() {
        assumeUtf8();
        // what Java makes of the argument bad\xff.pth in a UTF-8 locale
        CliRunner.Result r = CliRunner.run("inspect", tmp.resolve("bad\uFFFD.pth").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pairviz: Invalid value for positional parameter at index 0 (WEIGHTS): the file name '"
                + tmp.resolve("bad?.pth") + "' holds bytes that are not valid UTF-8 (shown as ?), which Java cannot pass on: "
                + "rename the file (convmv does it) (see 'pairviz inspect --help')\n");
    }

    @Test
    void aNameThatReallyHoldsTheReplacementCharacterIsUsed() throws IOException {
        assumeUtf8();
        Path named = Files.copy(Fixtures.fixture("vit_tiny.pth"), tmp.resolve("odd\uFFFD.pth"));
        CliRunner.Result r = CliRunner.run("inspect", named.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void theLauncherPicksAUtf8LocaleOnlyWhenTheUsersIsNot() throws Exception {
        String block = "eval \"$(sed -n '/^# utf8-locale:begin/,/^# utf8-locale:end/p' pairviz)\"; echo \"[${LC_ALL:-}]\"";
        assertThat(run(List.of("bash", "-c", block), Map.of("LANG", "C", "LC_ALL", "C")).output()).isEqualTo("[C.UTF-8]\n");
        assertThat(run(List.of("bash", "-c", "unset LC_ALL; " + block), Map.of("LANG", "C.UTF-8")).output()).isEqualTo("[]\n");
    }

    /**
     * In a child JVM: under LANG=C a non-ASCII name is refused with the remedy, under the locale
     * the launcher picks it works, and real undecodable bytes (made by bash) are said to be such.
     */
    @Test
    void namesInAChildJvmUnderEachLocale() throws Exception {
        Path accented = Files.copy(Fixtures.fixture("vit_tiny.pth"), tmp.resolve("poids-\u00e9t\u00e9.pth"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> inspect = List.of(java, "-cp", cp, Main.class.getName(), "inspect");

        Outcome c = run(concat(inspect, accented.toString()), Map.of("LANG", "C", "LC_ALL", "C"));
        assertThat(c.exitCode()).isEqualTo(2);
        assertThat(c.output()).isEqualTo("pairviz: Invalid value for positional parameter at index 0 (WEIGHTS): '"
                + tmp.resolve("poids-??t??.pth") + "' cannot be a file name under this locale, whose file names are "
                + "ANSI_X3.4-1968: run pairviz under a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (./pairviz does) "
                + "(see 'pairviz inspect --help')\n");

        Outcome utf8 = run(concat(inspect, accented.toString()), Map.of("LANG", "C", "LC_ALL", "C.UTF-8"));
        assertThat(utf8.exitCode()).as(utf8.output()).isZero();
        assertThat(utf8.output()).contains("ViT");

        String bash = "cp \"$1\" \"$2\"$'\\xff'.pth && exec \"$3\" -cp \"$4\" " + Main.class.getName() + " inspect \"$2\"$'\\xff'.pth";
        Outcome bad = run(List.of("bash", "-c", bash, "bash", Fixtures.fixture("vit_tiny.pth").toString(),
                tmp.resolve("bad").toString(), java, cp), Map.of("LANG", "C", "LC_ALL", "C.UTF-8"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).isEqualTo("pairviz: Invalid value for positional parameter at index 0 (WEIGHTS): the file name '"
                + tmp.resolve("bad?.pth") + "' holds bytes that are not valid UTF-8 (shown as ?), which Java cannot pass on: "
                + "rename the file (convmv does it) (see 'pairviz inspect --help')\n");
    }

    /** The in-process tests need this JVM to name files in UTF-8 (the child JVMs choose their own locale). */
    private static void assumeUtf8() {
        Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "this JVM names files in " + System.getProperty("sun.jnu.encoding") + ", not UTF-8");
    }

    private record Outcome(int exitCode, String output) {}

    private static Outcome run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("LC_ALL");
        pb.environment().remove("LC_CTYPE");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }
}
