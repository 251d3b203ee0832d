package pairviz.data.scenes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The contents of {@code scenes.json}: what was generated and how to read it.
 *
 * @param format always {@value #FORMAT}
 * @param version {@link SceneGenerator#VERSION} of the generator that wrote it
 * @param spec the generation spec, seed included
 * @param semanticClasses the segmentation labels: index 0 is "background", index k the shape
 *     with {@link ShapeKind#semanticId()} k
 * @param classes each class's signature objects
 * @param distractors the distractor pool
 */
public record SceneManifest(
        String format,
        int version,
        SceneSpec spec,
        List<String> semanticClasses,
        List<CatalogClass> classes,
        List<CatalogObject> distractors) {

    /** The {@code format} value of a scenes manifest. */
    public static final String FORMAT = "pairviz-scenes";

    /** A class and its signature objects. */
    public record CatalogClass(@JsonProperty("class") int cls, List<CatalogObject> signatures) {}

    /** A catalog object: its id and look. */
    public record CatalogObject(String id, ShapeKind shape, Colour colour, Texture texture) {
        CatalogObject(String id, ObjectType type) {
            this(id, type.shape(), type.colour(), type.texture());
        }
    }

    /** The manifest describing {@code generator}'s output. */
    public static SceneManifest of(SceneGenerator generator) {
        SceneCatalog catalog = generator.catalog();
        List<String> semantic = new ArrayList<>();
        semantic.add("background");
        for (ShapeKind s : ShapeKind.values()) {
            semantic.add(s.key());
        }
        List<CatalogClass> classes = new ArrayList<>();
        for (int c = 0; c < catalog.signatures().size(); c++) {
            List<CatalogObject> sigs = new ArrayList<>();
            for (int o = 0; o < catalog.signatures().get(c).size(); o++) {
                sigs.add(new CatalogObject(SceneCatalog.signatureId(c, o), catalog.signatures().get(c).get(o)));
            }
            classes.add(new CatalogClass(c, sigs));
        }
        List<CatalogObject> distractors = new ArrayList<>();
        for (int j = 0; j < catalog.distractors().size(); j++) {
            distractors.add(new CatalogObject(SceneCatalog.distractorId(j), catalog.distractors().get(j)));
        }
        return new SceneManifest(FORMAT, SceneGenerator.VERSION, generator.spec(), semantic, classes, distractors);
    }
}
