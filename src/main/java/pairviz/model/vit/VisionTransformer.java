package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import pairviz.model.AttentionTap;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Module;
import pairviz.model.Trace;
import pairviz.model.layers.LayerNorm;
import pairviz.model.layers.Linear;

/**
 * A Vision Transformer embedding network (docs/reference.md section 1): patch embedding, pre-norm encoder, a
 * final LayerNorm, and a linear head applied to every token; the embedding is the mean of the
 * head's outputs over the patch tokens, or the class token's.
 *
 * <p>Parameter names follow the authors' checkpoints ({@code transformer.embeddings...},
 * {@code transformer.encoder.layer.i...}, {@code head...}).
 */
public final class VisionTransformer extends EmbeddingNetwork {
    static final float LN_EPS = 1e-6f;

    private final VitConfig config;
    private final Transformer transformer;
    private final Linear head;

    public VisionTransformer(VitConfig config) {
        this.config = config;
        this.transformer = module("transformer", new Transformer(config));
        this.head = module("head", new Linear(config.width(), config.outDim(), true));
    }

    @Override
    public VitConfig config() {
        return config;
    }

    @Override
    public Trace trace(ParameterStore ps, NDArray images, boolean training, AttentionTap tap) {
        NDList encoded = transformer.apply(ps, images, training, tap); // [B, T, D], then [B, H, T, T] per layer
        NDArray tokens = head.apply(ps, encoded.get(0), training); // [B, T, E]
        List<NDArray> attentions = encoded.subNDList(1);
        int k = config.gridSize();
        if (config.pooling() == VitConfig.Pooling.CLS) {
            NDArray beta = tokens.get(":, 0, :"); // [B, E]
            return new Trace(beta, tokens.get(":, 1:, :"), k, k, true, attentions);
        }
        return new Trace(tokens.mean(new int[] {1}), tokens, k, k, false, attentions);
    }

    /** Embeddings, encoder blocks and the final norm, under the name {@code transformer}. */
    static final class Transformer extends Module {
        private final Embeddings embeddings;
        private final Encoder encoder;

        Transformer(VitConfig c) {
            embeddings = module("embeddings", new Embeddings(c));
            encoder = module("encoder", new Encoder(c));
        }

        /** [B, 3, S, S] -> NDList(tokens [B, T, D], attention of layer 1, ..., attention of layer L) */
        NDList apply(ParameterStore ps, NDArray images, boolean training, AttentionTap tap) {
            return encoder.apply(ps, embeddings.apply(ps, images, training), training, tap);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            return apply(ps, in.singletonOrThrow(), training, AttentionTap.NONE);
        }
    }

    /** The stack of blocks ({@code layer.i}) and the final norm ({@code encoder_norm}). */
    static final class Encoder extends Module {
        private final List<EncoderBlock> layers = new ArrayList<>();
        private final LayerNorm norm;

        Encoder(VitConfig c) {
            for (int i = 0; i < c.depth(); i++) {
                layers.add(module("layer." + i, new EncoderBlock(
                        new LayerNorm(c.width(), LN_EPS),
                        new Attention(c.width(), c.heads()),
                        new LayerNorm(c.width(), LN_EPS),
                        new Mlp(c.width(), c.mlpDim()))));
            }
            norm = module("encoder_norm", new LayerNorm(c.width(), LN_EPS));
        }

        /** [B, T, D] -> NDList(normed tokens [B, T, D], attention [B, H, T, T] of each layer) */
        NDList apply(ParameterStore ps, NDArray x, boolean training, AttentionTap tap) {
            NDList out = new NDList();
            out.add(null);
            for (int l = 0; l < layers.size(); l++) {
                int layer = l;
                Attention.Result r = layers.get(l).apply(ps, x, training, p -> tap.tap(layer, p));
                x = r.output();
                out.add(r.probabilities());
            }
            out.set(0, norm.apply(ps, x, training));
            return out;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            return apply(ps, in.singletonOrThrow(), training, AttentionTap.NONE);
        }
    }
}
