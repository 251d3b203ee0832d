package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class TableFileTest {

    @TempDir
    Path dir;

    @Test
    void csvHandlesQuotesEscapesCrlfBomAndQuotedNewlines() throws Exception {
        Path f = dir.resolve("a.csv");
        java.nio.file.Files.writeString(f, "\uFEFFhotel_id,Hotel_Name,chain_id\r\n"
                + "1,\"Hilton, Paris\",5\r\n"
                + "2,\"The \"\"Best\"\" Inn\",-1\n"
                + "\n"
                + "3,\"Two\nLines\",7\n");
        try (TableFile t = TableFile.csv(f)) {
            assertThat(t.column("hotel_id")).isZero();
            assertThat(t.column("hotel_name")).isEqualTo(1);
            assertThat(t.optionalColumn("url", "image_url")).isEqualTo(-1);
            assertThat(t.next()).containsExactly("1", "Hilton, Paris", "5");
            assertThat(t.next()).containsExactly("2", "The \"Best\" Inn", "-1");
            assertThat(t.next()).containsExactly("3", "Two\nLines", "7");
            assertThat(t.next()).isNull();
        }
    }

    @Test
    void missingColumnAndShortRowNameTheFile() throws Exception {
        Path f = TestFiles.text(dir.resolve("b.txt"), "image_id path", "1");
        try (TableFile t = TableFile.whitespace(f, true)) {
            PairvizException e = assertThrows(PairvizException.class, () -> t.column("class_id"));
            assertThat(e.getMessage()).isEqualTo(f + ": missing column 'class_id' in the header (found: image_id, path)");
            String[] row = t.next();
            e = assertThrows(PairvizException.class, () -> t.field(row, 1));
            assertThat(e.getMessage()).isEqualTo(f + " line 2: expected at least 2 fields, found 1");
        }
    }

    @Test
    void missingFileIsReported() {
        Path f = dir.resolve("nope.csv");
        assertThat(assertThrows(PairvizException.class, () -> TableFile.csv(f)).getMessage())
                .isEqualTo("file not found: " + f);
    }
}
