package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class Hotels50kTest {

    @TempDir
    Path root;

    /** Train: hotels 11 (chain 5) and 12 (chain -1); test: hotel 11. Image 4 was never downloaded. */
    private void tree(boolean withHotelInfo) throws Exception {
        Path meta = root.resolve("input/dataset");
        TestFiles.text(meta.resolve("train_set.csv"),
                "image_id,hotel_id,url,source,timestamp",
                "1,11,https://x.com/a/1.jpg,expedia,2016-01-01",
                "2,11,https://x.com/a/2.png,traffickcam,2016-01-02",
                "3,12,https://x.com/a/noext,expedia,2016-01-03",
                "4,12,https://x.com/a/4.jpg,expedia,2016-01-04");
        TestFiles.text(meta.resolve("test_set.csv"),
                "image_id,hotel_id,url,source,timestamp",
                "9,11,https://x.com/a/9.jpg,traffickcam,2017-01-01");
        if (withHotelInfo) {
            TestFiles.text(meta.resolve("hotel_info.csv"),
                    "hotel_id,hotel_name,chain_id,latitude,longitude",
                    "11,\"Inn, Paris\",5,48.8,2.3",
                    "12,Lodge,-1,40.7,-74.0");
        }
        TestFiles.image(root.resolve("images/train/5/11/expedia/1.jpg"), 0);
        TestFiles.image(root.resolve("images/train/5/11/traffickcam/2.png"), 0);
        TestFiles.image(root.resolve("images/train/-1/12/expedia/3.jpg"), 0);
        TestFiles.image(root.resolve("images/test/unoccluded/5/11/traffickcam/9.jpg"), 0);
        TestFiles.image(root.resolve("images/test/high_occlusions/5/11/traffickcam/9.jpg"), 0);
    }

    private void check(Dataset d, String testFolder) {
        assertThat(d.train()).extracting(Sample::label).containsExactly("11", "11", "12");
        assertThat(d.train()).extracting(s -> s.path().orElseThrow()).containsExactly(
                root.resolve("images/train/5/11/expedia/1.jpg"),
                root.resolve("images/train/5/11/traffickcam/2.png"),
                root.resolve("images/train/-1/12/expedia/3.jpg"));
        assertThat(d.test()).extracting(s -> s.path().orElseThrow())
                .containsExactly(root.resolve("images/test/" + testFolder + "/5/11/traffickcam/9.jpg"));
        assertThat(d.test()).extracting(Sample::label).containsExactly("11");
        assertThat(d.missing()).isEqualTo(1);
    }

    @Test
    void chainsFromHotelInfo() throws Exception {
        tree(true);
        check(Hotels50k.read(root), "unoccluded");
        check(Hotels50k.read(root, Hotels50k.TestImages.HIGH_OCCLUSIONS), "high_occlusions");
    }

    @Test
    void chainsFromTheImageTreeWithoutHotelInfo() throws Exception {
        tree(false);
        check(Hotels50k.read(root), "unoccluded");
    }

    @Test
    void readmeColumnNamesWork() throws Exception {
        tree(true);
        TestFiles.text(root.resolve("input/dataset/train_set.csv"),
                "image_id, hotel_id, image_url, image_source, upload_timestamp",
                "1,11,https://x.com/a/1.jpg,expedia,2016-01-01");
        Dataset d = Hotels50k.read(root);
        assertThat(d.train()).extracting(s -> s.path().orElseThrow())
                .containsExactly(root.resolve("images/train/5/11/expedia/1.jpg"));
    }

    @Test
    void extensionComesFromTheUrl() {
        assertThat(Hotels50k.extension("https://a.b/c/1.png")).isEqualTo("png");
        assertThat(Hotels50k.extension("https://a.b/c/1.JPG?w=200")).isEqualTo("JPG");
        assertThat(Hotels50k.extension("https://a.b/c/1")).isEqualTo("jpg");
        assertThat(Hotels50k.extension("https://a.b/c/1.")).isEqualTo("jpg");
    }

    @Test
    void missingColumnAndFoldersAreNamed() throws Exception {
        tree(true);
        Path train = TestFiles.text(root.resolve("input/dataset/train_set.csv"), "image_id,url,source", "1,u,expedia");
        assertThat(assertThrows(PairvizException.class, () -> Hotels50k.read(root)).getMessage())
                .isEqualTo(train + ": missing column 'hotel_id' in the header (found: image_id, url, source)");
        assertThat(assertThrows(PairvizException.class,
                () -> Hotels50k.read(root, Hotels50k.TestImages.LOW_OCCLUSIONS)).getMessage())
                .isEqualTo("hotels50k: folder " + root.resolve("images/test/low_occlusions") + " not found");
    }
}
