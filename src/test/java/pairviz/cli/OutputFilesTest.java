package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

/** Output names, the JSON-lines writer and the output checks of the commands. */
class OutputFilesTest {
    @TempDir Path tmp;

    @Test
    void namesAreStemsUnlessTheyCollideThenFoldersGoInFront() {
        OutputNames names = OutputNames.of(List.of(Path.of("/d/images/0/0.png"), Path.of("/d/images/1/0.png"),
                Path.of("/d/cat.png"), Path.of("/e/x/3/0.png")));
        assertThat(names.of(Path.of("/d/cat.png"))).isEqualTo("cat");
        // three 0.png: their parent folders (0, 1, 3) tell them apart
        assertThat(names.of(Path.of("/d/images/0/0.png"))).isEqualTo("0_0");
        assertThat(names.of(Path.of("/d/images/1/0.png"))).isEqualTo("1_0");
        assertThat(names.of(Path.of("/e/x/3/0.png"))).isEqualTo("3_0");
    }

    @Test
    void sameFolderNamesTakeMoreFoldersAndSameStemsKeepTheExtension() {
        OutputNames deep = OutputNames.of(List.of(Path.of("/a/run/0.png"), Path.of("/b/run/0.png")));
        assertThat(deep.of(Path.of("/a/run/0.png"))).isEqualTo("a_run_0");
        assertThat(deep.of(Path.of("/b/run/0.png"))).isEqualTo("b_run_0");
        OutputNames ext = OutputNames.of(List.of(Path.of("/a/x.png"), Path.of("/a/x.jpg")));
        assertThat(ext.of(Path.of("/a/x.png"))).isEqualTo("x_png");
        assertThat(ext.of(Path.of("/a/x.jpg"))).isEqualTo("x_jpg");
        OutputNames same = OutputNames.of(List.of(Path.of("/a/x.png"), Path.of("/a/./x.png")));
        assertThat(same.of(Path.of("/a/x.png"))).isEqualTo("x"); // one image named twice is one image
    }

    @Test
    void jsonLinesAreOnDiskAsSoonAsEachRecordIsAppended() throws IOException {
        Path file = Files.writeString(tmp.resolve("out.jsonl"), "old run\n");
        JsonLinesFile lines = new JsonLinesFile(file);
        assertThat(Files.readString(file)).isEqualTo("old run\n"); // untouched until a record comes
        lines.append(Map.of("pair", 1));
        assertThat(Files.readAllLines(file)).containsExactly("{\"pair\":1}");
        lines.append(Map.of("pair", 2));
        assertThat(Files.readAllLines(file)).containsExactly("{\"pair\":1}", "{\"pair\":2}");
    }

    @Test
    void outputsThatAreInputsOrCannotBeWrittenAreRefusedBeforeAnyWork() throws IOException {
        Path image = Files.writeString(tmp.resolve("a.png"), "x");
        assertThatThrownBy(() -> OutputChecks.requireWritableFile("--json", image, List.of(image)))
                .isInstanceOf(PairvizException.class).hasMessage("--json " + image + " is one of the inputs; it would be overwritten");
        assertThatThrownBy(() -> OutputChecks.requireWritableFile("--json", tmp, List.of()))
                .hasMessage("--json " + tmp + " is a folder, not a file");
        assertThatThrownBy(() -> OutputChecks.requireWritableFolder("--out", image))
                .hasMessage("--out " + image + " is a file, not a folder");
        assertThatThrownBy(() -> OutputChecks.requireWritableFolder("--out", Path.of("/proc/pairviz-x")))
                .hasMessageStartingWith("--out /proc/pairviz-x cannot be written");
        Path fresh = tmp.resolve("new/deeper/out");
        OutputChecks.requireWritableFolder("--out", fresh);
        assertThat(fresh.getParent().getParent()).doesNotExist(); // the check creates nothing
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("a.png");
        }
    }
}
