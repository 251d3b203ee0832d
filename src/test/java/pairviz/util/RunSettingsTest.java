package pairviz.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What differs between a saved run's settings and a new run's, in words. */
class RunSettingsTest {
    @TempDir Path tmp;

    @Test
    void namesEachSettingThatDiffersAddedOrLost() {
        RunSettings now = RunSettings.none().with("--subset", "test").with("--norm", "imagenet").with("--size", 224);
        assertThat(now.differences(Map.of("--subset", "test", "--norm", "imagenet", "--size", "224"))).isEmpty();
        assertThat(now.differences(Map.of("--subset", "train", "--norm", "imagenet", "--heads", "4")))
                .containsExactly("--subset train, now test", "--size unset, now 224", "--heads 4, now unset");
        assertThat(now.differences(null)).containsExactly("its settings were not recorded");
    }

    @Test
    void longValuesAreQuotedWhereTheyDiffer() {
        String common = "x".repeat(100);
        RunSettings now = RunSettings.none().with("network", common + "4 heads, mean pooling");
        assertThat(now.differences(Map.of("network", common + "4 heads, cls pooling")))
                .containsExactly("network ..." + "x".repeat(34) + "4 heads, cls pooling, now ..." + "x".repeat(33) + "4 heads, mean pooling");
        assertThat(RunSettings.none().with("a", "b\nc").differences(Map.of("a", "d"))).containsExactly("a d, now b?c");
    }

    @Test
    void filesAreTheSameByContentAndListsByOrder() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.pth"), "weights");
        Path b = Files.writeString(tmp.resolve("b.pth"), "weights");
        Path c = Files.writeString(tmp.resolve("c.pth"), "weighTs");
        assertThat(RunSettings.fileIdentity(a)).isEqualTo(RunSettings.fileIdentity(b))
                .isEqualTo("7 bytes, sha256 " + "9a129038d9a00aed");
        assertThat(RunSettings.fileIdentity(c)).isNotEqualTo(RunSettings.fileIdentity(a)).startsWith("7 bytes, sha256 ");
        assertThat(RunSettings.listIdentity(List.of("x", "y"), "images"))
                .isNotEqualTo(RunSettings.listIdentity(List.of("y", "x"), "images")).startsWith("2 images, sha256 ");
    }
}
