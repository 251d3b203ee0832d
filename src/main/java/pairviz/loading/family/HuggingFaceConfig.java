package pairviz.loading.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import pairviz.PairvizException;

/**
 * The {@code config.json} a Hugging Face model folder holds beside its weights: what the tensors
 * cannot say (head count, LayerNorm eps, activation). For a whole {@code CLIPModel} the vision
 * tower's settings are under {@code vision_config}.
 *
 * @param json the (vision) settings; an empty object when there is no config.json
 * @param found whether there was one
 */
record HuggingFaceConfig(JsonNode json, boolean found) {

    /** The config.json beside {@code source}'s file, if any. */
    static HuggingFaceConfig beside(CheckpointSource source) {
        ObjectMapper mapper = new ObjectMapper();
        Path file = source.beside("config.json").orElse(null);
        if (file == null) {
            return new HuggingFaceConfig(mapper.createObjectNode(), false);
        }
        try {
            JsonNode root = mapper.readTree(file.toFile());
            JsonNode vision = root.path("vision_config");
            return new HuggingFaceConfig(vision.isObject() ? vision : root, true);
        } catch (IOException e) {
            throw new PairvizException("checkpoint " + source.name() + ": config.json beside it is not JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** An integer setting, or null. */
    Integer integer(String key) {
        JsonNode n = json.get(key);
        return n != null && n.canConvertToInt() ? n.asInt() : null;
    }

    /** A number setting, or {@code fallback}. */
    double number(String key, double fallback) {
        JsonNode n = json.get(key);
        return n != null && n.isNumber() ? n.asDouble() : fallback;
    }

    /** A text setting, or {@code fallback}. */
    String text(String key, String fallback) {
        JsonNode n = json.get(key);
        return n != null && n.isTextual() ? n.asText() : fallback;
    }
}
