package pairviz.loading.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.RolloutSpec;
import pairviz.image.Normalization;
import pairviz.image.Preprocessing;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;
import pairviz.testutil.Fixtures;

/**
 * A timm-named copy of a checkpoint gives the same network as the original where the two agree
 * (class-token pooling: every token through the encoder); timm's default pooling is the class token.
 */
class TimmVitTest {
    @TempDir Path tmp;

    /** The fixture ViT renamed the way timm names it, with query/key/value fused into qkv. */
    static StateDict toTimm(StateDict authors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        authors.asMap().forEach((name, t) -> {
            String n = name.replace("transformer.embeddings.cls_token", "cls_token")
                    .replace("transformer.embeddings.position_embeddings", "pos_embed")
                    .replace("transformer.embeddings.patch_embeddings.", "patch_embed.proj.")
                    .replace("transformer.encoder.encoder_norm.", "norm.")
                    .replace("transformer.encoder.layer.", "blocks.")
                    .replace("attention_norm.", "norm1.").replace("ffn_norm.", "norm2.")
                    .replace("attn.out.", "attn.proj.").replace("ffn.", "mlp.");
            if (n.contains("attn.query.") || n.contains("attn.key.")) {
                return;
            }
            if (n.contains("attn.value.")) {
                String kind = n.substring(n.lastIndexOf('.') + 1);
                String prefix = name.substring(0, name.indexOf("attn.value."));
                Tensor q = authors.get(prefix + "attn.query." + kind);
                Tensor k = authors.get(prefix + "attn.key." + kind);
                long[] shape = t.shape().clone();
                shape[0] *= 3;
                float[] data = new float[t.data().length * 3];
                System.arraycopy(q.data(), 0, data, 0, t.data().length);
                System.arraycopy(k.data(), 0, data, t.data().length, t.data().length);
                System.arraycopy(t.data(), 0, data, 2 * t.data().length, t.data().length);
                out.put(n.replace("attn.value.", "attn.qkv."), new Tensor(shape, data));
                return;
            }
            out.put(n, t);
        });
        return StateDict.of(out);
    }

    @Test
    void timmVitLoadsAsTheSameNetwork() {
        Path timm = tmp.resolve("timm.safetensors");
        SafetensorsWriter.write(timm, toTimm(Checkpoints.read(Fixtures.fixture("vit_tiny.safetensors"))), Map.of());
        ModelOptions heads4 = ModelOptions.auto().withHeads(4);
        ModelOptions cls = ModelOptions.builder().optHeads(4).optPooling(VitConfig.Pooling.CLS).build();
        try (EmbeddingModel byDefault = EmbeddingModel.load(timm, heads4)) {
            assertThat(((VitConfig) byDefault.config()).pooling()).isEqualTo(VitConfig.Pooling.CLS);
        }
        try (EmbeddingModel original = EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"), cls);
                EmbeddingModel adapted = EmbeddingModel.load(timm, cls)) {
            assertThat(adapted.config()).isEqualTo(((VitConfig) original.config()).withVariant(VitConfig.Variant.STANDARD));
            Path img = Fixtures.fixture("blob0_32.png");
            ImageFeatures a = features(original, img);
            ImageFeatures b = features(adapted, img);
            for (int i = 0; i < a.beta().length; i++) {
                assertThat(b.beta()[i]).isCloseTo(a.beta()[i], within(1e-6f));
            }
        }
    }

    static ImageFeatures features(EmbeddingModel m, Path img) {
        return new ImageEmbedder(new FeatureExtractor(m, RolloutSpec.DEFAULT),
                Preprocessing.authors(m.config().imageSize(), Normalization.IMAGENET, Map.of()), 1, 0)
                .features(List.of(img)).get(0);
    }
}
