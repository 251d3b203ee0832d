package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The core lists {@code spark} and, without the Spark module on its class path, says how to get it. */
class SparkCommandTest {
    @Test
    void withoutTheModuleItSaysHowToGetItInOneLine() {
        CliRunner.Result r = CliRunner.run("spark", "embed", "--weights", "w.pth", "--data", "d", "--out", "o");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo(
                "pairviz: the Spark module is not on the class path: run ./pairviz spark ..., which builds it (spark/)");
    }

    @Test
    void theMainHelpListsIt() {
        assertThat(CliRunner.run("--help").out()).contains("spark").contains("Apache Spark");
    }
}
