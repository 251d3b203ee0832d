package pairviz.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pairviz.store.EmbeddingFiles;
import pairviz.store.FloatMatrix;
import pairviz.store.LabelledEmbeddings;

/**
 * Retrieval against an independent numpy implementation of the pytorch-metric-learning
 * definitions: src/test/python/make_retrieval_fixture.py wrote the .npy files (so this also reads
 * numpy's own output), the labels and the expected metrics.
 */
class RetrievalPythonFixtureTest {
    private static final Path DIR = Path.of("src/test/resources/eval");

    @ParameterizedTest
    @ValueSource(strings = {"quant", "gauss"})
    void matchesTheNumpyReference(String name) throws Exception {
        JsonNode expected = new ObjectMapper().readTree(DIR.resolve("expected.json").toFile());
        int[] ks = new ObjectMapper().convertValue(expected.get("ks"), int[].class);
        int split = expected.get("split").asInt();
        LabelledEmbeddings data = EmbeddingFiles.readLabelled(
                DIR.resolve(name + ".npy"), DIR.resolve(name + "_labels.txt"));
        FloatMatrix x = data.embeddings();
        assertThat(x.rows()).isEqualTo(400);

        check(Retrieval.evaluate(x, data.labels(), ks), expected.get(name).get("same"));

        List<String> labels = data.labels();
        check(Retrieval.evaluate(rows(x, 0, split), labels.subList(0, split),
                        rows(x, split, x.rows()), labels.subList(split, x.rows()), ks),
                expected.get(name).get("separate"));
    }

    private static FloatMatrix rows(FloatMatrix m, int from, int to) {
        return new FloatMatrix(to - from, m.cols(), Arrays.copyOfRange(m.data(), from * m.cols(), to * m.cols()));
    }

    private static void check(RetrievalMetrics actual, JsonNode expected) {
        assertThat(actual.queries()).isEqualTo(expected.get("queries").asInt());
        assertThat(actual.skipped()).isEqualTo(expected.get("skipped").asInt()).isPositive();
        assertThat(actual.mapAtR()).isCloseTo(expected.get("map_at_r").asDouble(), within(1e-9));
        assertThat(actual.rPrecision()).isCloseTo(expected.get("r_precision").asDouble(), within(1e-9));
        expected.get("recall_at_k").fields().forEachRemaining(e -> assertThat(
                actual.recallAt(Integer.parseInt(e.getKey())))
                .as("Recall@%s", e.getKey())
                .isCloseTo(e.getValue().asDouble(), within(1e-9)));
        assertThat(actual.recallAtK()).hasSize(expected.get("recall_at_k").size());
    }
}
