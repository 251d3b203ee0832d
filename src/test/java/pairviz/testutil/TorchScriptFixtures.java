package pairviz.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;

/**
 * The two TorchScript networks of src/test/python/make_torchscript_fixtures.py, loaded, and what
 * torch computed with them ({@code expected_torchscript.json}).
 *
 * @param cnn the ConvNeXt-like CNN ({@code script_cnn.pt}, key {@code cnn})
 * @param vit the class-token transformer that returns its attention ({@code script_vit.pt}, key {@code vit})
 * @param expected the fixture's numbers
 */
public record TorchScriptFixtures(EmbeddingModel cnn, EmbeddingModel vit, JsonNode expected) implements AutoCloseable {

    private static TorchScriptFixtures shared;

    /** Both networks, loaded once for every test class that uses them (left open until the JVM ends). */
    public static synchronized TorchScriptFixtures shared() {
        if (shared == null) {
            shared = load();
        }
        return shared;
    }

    /** Loads both networks. */
    public static TorchScriptFixtures load() {
        EmbeddingModel cnn = EmbeddingModel.load(Fixtures.fixture("script_cnn.pt"), ModelOptions.auto());
        return new TorchScriptFixtures(cnn, EmbeddingModel.load(Fixtures.fixture("script_vit.pt"), ModelOptions.auto()),
                Fixtures.fixtureJson("expected_torchscript.json"));
    }

    /** The network of a key of the fixture: {@code cnn} or {@code vit}. */
    public EmbeddingModel model(String key) {
        return key.equals("cnn") ? cnn : vit;
    }

    /** The pair the fixture explains with the network of {@code key}. */
    public JsonNode pair(String key) {
        return expected.get(key).get("pair");
    }

    @Override
    public void close() {
        cnn.close();
        vit.close();
    }
}
