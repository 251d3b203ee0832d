package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class GoogleLandmarksTest {

    @TempDir
    Path root;

    @Test
    void imagesLiveUnderTheirIdPrefixAndLandmarksSplitByNumber() throws Exception {
        TestFiles.text(root.resolve("train_clean.csv"),
                "landmark_id,images",
                "100,abc0000000000001 abd0000000000002",
                "7,ffe0000000000003",
                "20,0120000000000004 0120000000000005",
                "3,9990000000000006");
        for (String id : new String[] {"abc0000000000001", "abd0000000000002", "ffe0000000000003",
                "0120000000000004", "9990000000000006"}) {
            TestFiles.image(GoogleLandmarks.imagePath(root.resolve("train"), id), 0);
        }
        assertThat(GoogleLandmarks.imagePath(root.resolve("train"), "abc0000000000001"))
                .isEqualTo(root.resolve("train/a/b/c/abc0000000000001.jpg"));

        Dataset d = GoogleLandmarks.read(root);

        // Landmarks 3, 7 | 20, 100 (numeric order), first half train; 0120000000000005 is not on disk.
        assertThat(d.train()).extracting(Sample::label).containsExactly("7", "3");
        assertThat(d.test()).extracting(Sample::label).containsExactly("100", "100", "20");
        assertThat(d.missing()).isEqualTo(1);
        assertThat(d.test().get(2).path()).contains(root.resolve("train/0/1/2/0120000000000004.jpg"));
    }

    @Test
    void missingColumnIsNamed() throws Exception {
        Path csv = TestFiles.text(root.resolve("metadata/train_clean.csv"), "landmark_id,id", "1,abc");
        java.nio.file.Files.createDirectories(root.resolve("train"));
        assertThat(assertThrows(PairvizException.class, () -> GoogleLandmarks.read(root)).getMessage())
                .isEqualTo(csv + ": missing column 'images' in the header (found: landmark_id, id)");
    }

    @Test
    void missingCsvIsNamed() {
        assertThat(assertThrows(PairvizException.class, () -> GoogleLandmarks.read(root)).getMessage())
                .isEqualTo("glm: train_clean.csv not found in " + root + " or " + root.resolve("metadata"));
    }
}
