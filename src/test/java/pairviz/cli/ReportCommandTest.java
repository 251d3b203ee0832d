package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.report.HtmlReport;
import pairviz.report.Report;

/** {@code report}: one HTML page, pictures embedded, from report.json or from the PNGs alone. */
class ReportCommandTest {
    @TempDir Path tmp;

    @Test
    void embedsEveryPictureAndTable() throws Exception {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xff0000);
        ImageIO.write(img, "png", tmp.resolve("fig.png").toFile());
        HtmlReport.save(new Report("Run <1>", "intro", List.of(new Report.Section("Results", "",
                List.of(new Report.Table("cap", List.of("model", "R@1"), List.of(List.of("vit", "0.900")))),
                List.of(new Report.Figure("fig.png", "a & b"))))), tmp);
        CliRunner.Result r = CliRunner.run("report", tmp.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String html = Files.readString(tmp.resolve("report.html"));
        assertThat(html).contains("<title>Run &lt;1&gt;</title>").contains("<td>0.900</td>").contains("a &amp; b");
        String b64 = html.replaceAll("(?s).*data:image/png;base64,([A-Za-z0-9+/=]+).*", "$1");
        assertThat(Base64.getDecoder().decode(b64)).isEqualTo(Files.readAllBytes(tmp.resolve("fig.png")));
        assertThat(html).doesNotContain("src=\"fig.png\""); // nothing refers to files outside the page
    }

    @Test
    void withoutReportJsonEveryPngIsShown() throws Exception {
        Files.createDirectories(tmp.resolve("sub"));
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", tmp.resolve("sub/x.png").toFile());
        assertThat(CliRunner.run("report", tmp.toString(), "--out", tmp.resolve("r.html").toString()).exitCode()).isZero();
        assertThat(Files.readString(tmp.resolve("r.html"))).contains("sub/x.png");
    }

    @Test
    void anEmptyFolderIsOneClearLine() {
        CliRunner.Result r = CliRunner.run("report", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: report folder " + tmp + " holds no report.json and no PNG pictures");
    }
}
