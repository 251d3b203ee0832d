package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import pairviz.model.AttentionTap;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Module;
import pairviz.model.OpProfile;
import pairviz.model.OpProfile.Op;
import pairviz.model.Scalars;
import pairviz.model.Trace;
import pairviz.model.layers.LayerNorm;
import pairviz.model.layers.Linear;

/**
 * A Vision Transformer embedding network (docs/reference.md section 1; the families in
 * docs/models.md): patch embedding with prefix tokens, optional pre-norm, pre-norm encoder, a final
 * LayerNorm, and the head path (optional pre-logits dense + tanh, then the head) applied to every
 * token; the embedding is the mean of the head's outputs over the patch tokens, or the class
 * token's (with DeiT's distillation token: the mean of the class token's head and the
 * distillation token's {@code head_dist}).
 *
 * <p>With {@code fc_norm} (timm's mean pooling) the encoder has no final norm: the pooled mean is
 * normalised instead. LN(mean x) equals the mean over the patch tokens of the affine map that uses
 * the pooled mean's statistics, so each patch token gets that map and the head, and the embedding
 * stays the mean of the tokens (the decomposition stays exact).
 *
 * <p>Parameter names follow the authors' checkpoints ({@code transformer.embeddings...},
 * {@code transformer.encoder.layer.i...}, {@code head...}); the families' extras are
 * {@code transformer.embeddings.dist_token}, {@code transformer.embeddings.register_tokens},
 * {@code transformer.pre_norm}, {@code transformer.encoder.layer.i.ls1/ls2.gamma}, {@code fc_norm},
 * {@code pre_logits}, {@code head_dist}.
 */
public final class VisionTransformer extends EmbeddingNetwork {
    private final VitConfig config;
    private final Transformer transformer;
    private final LayerNorm fcNorm;
    private final Linear preLogits;
    private final Linear head;
    private final Linear headDist;

    public VisionTransformer(VitConfig config) {
        this.config = config;
        VitConfig.Variant v = config.variant();
        this.transformer = module("transformer", new Transformer(config));
        this.fcNorm = v.fcNorm() ? module("fc_norm", new LayerNorm(config.width(), v.lnEps())) : null;
        this.preLogits = v.preLogits() > 0 ? module("pre_logits", new Linear(config.width(), v.preLogits(), true)) : null;
        int features = VitConfig.featureWidth(config.width(), v);
        boolean bias = v.head() == VitConfig.Head.LINEAR;
        boolean linear = v.head() != VitConfig.Head.NONE;
        this.head = linear ? module("head", new Linear(features, config.outDim(), bias)) : null;
        this.headDist = linear && v.readsDistillation() ? module("head_dist", new Linear(features, config.outDim(), bias)) : null;
    }

    @Override
    public VitConfig config() {
        return config;
    }

    @Override
    public Trace trace(ParameterStore ps, NDArray images, boolean training, AttentionTap tap) {
        NDList encoded = transformer.apply(ps, images, training, tap); // [B, T, D], then [B, H, T, T] per layer
        NDArray x = encoded.get(0);
        List<NDArray> attentions = encoded.subNDList(1);
        long s = OpProfile.begin();
        Trace trace = head(ps, x, attentions, training);
        OpProfile.end(Op.HEAD, s, head == null ? 0 : 2.0 * x.getShape().get(0) * config.patches() * config.width()
                * config.outDim());
        return trace;
    }

    /** The head path and pooling of the encoded tokens x [B, T, D]. */
    private Trace head(ParameterStore ps, NDArray x, List<NDArray> attentions, boolean training) {
        int k = config.gridSize();
        int prefix = config.prefixTokens();
        int readout = config.readoutTokens();
        if (config.pooling() == VitConfig.Pooling.CLS) {
            NDArray tokens = headPath(ps, head, x, training); // [B, T, E]
            NDArray beta = tokens.get(":, 0, :"); // [B, E]
            if (config.variant().readsDistillation()) {
                NDArray dist = headPath(ps, headDist, x.get(":, 1, :"), training); // [B, E]
                beta = Scalars.div(beta.add(dist), 2);
            }
            return new Trace(beta, tokens.get(":, " + prefix + ":, :"), k, k, prefix, readout, attentions);
        }
        NDArray patches = prefix == 0 ? x : x.get(":, " + prefix + ":, :"); // [B, N, D]
        if (fcNorm != null) {
            patches = fcNorm.applyWithStatisticsOf(ps, patches, patches.mean(new int[] {1}), training);
        }
        NDArray tokens = headPath(ps, head, patches, training); // [B, N, E]
        return new Trace(tokens.mean(new int[] {1}), tokens, k, k, prefix, readout, attentions);
    }

    /** The pre-logits layer (dense + tanh) if any, then {@code linear} if any: [..., D] -> [..., E]. */
    private NDArray headPath(ParameterStore ps, Linear linear, NDArray x, boolean training) {
        NDArray h = preLogits == null ? x : preLogits.apply(ps, x, training).tanh();
        return linear == null ? h : linear.apply(ps, h, training);
    }

    /** Embeddings, the optional pre-norm, encoder blocks and the final norm, under the name {@code transformer}. */
    static final class Transformer extends Module {
        private final Embeddings embeddings;
        private final LayerNorm preNorm;
        private final Encoder encoder;
        private final double patchFlops; // of one image's patch embedding

        Transformer(VitConfig c) {
            patchFlops = 2.0 * c.patches() * c.width() * 3 * c.patchSize() * c.patchSize();
            embeddings = module("embeddings", new Embeddings(c));
            preNorm = c.variant().preNorm() ? module("pre_norm", new LayerNorm(c.width(), c.variant().lnEps())) : null;
            encoder = module("encoder", new Encoder(c));
        }

        /** [B, 3, S, S] -> NDList(tokens [B, T, D], attention of layer 1, ..., attention of layer L) */
        NDList apply(ParameterStore ps, NDArray images, boolean training, AttentionTap tap) {
            long s = OpProfile.begin();
            NDArray x = embeddings.apply(ps, images, training); // [B, T, D]
            OpProfile.end(Op.PATCH_EMBEDDING, s, patchFlops * images.getShape().get(0));
            if (preNorm != null) {
                s = OpProfile.begin();
                x = preNorm.apply(ps, x, training);
                OpProfile.end(Op.LAYER_NORM, s);
            }
            return encoder.apply(ps, x, training, tap);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            return apply(ps, in.singletonOrThrow(), training, AttentionTap.NONE);
        }
    }

    /** The stack of blocks ({@code layer.i}) and the final norm ({@code encoder_norm}; none with fc_norm). */
    static final class Encoder extends Module {
        private final List<EncoderBlock> layers = new ArrayList<>();
        private final LayerNorm norm;

        Encoder(VitConfig c) {
            VitConfig.Variant v = c.variant();
            float eps = v.lnEps();
            for (int i = 0; i < c.depth(); i++) {
                layers.add(module("layer." + i, new EncoderBlock(
                        new LayerNorm(c.width(), eps),
                        new Attention(c.width(), c.heads()),
                        new LayerNorm(c.width(), eps),
                        new Mlp(c.width(), c.mlpDim(), v.activation()),
                        v.layerScale() ? c.width() : 0)));
            }
            norm = v.fcNorm() ? null : module("encoder_norm", new LayerNorm(c.width(), eps));
        }

        /**
         * [B, T, D] -> NDList(tokens [B, T, D], normed unless fc_norm, attention [B, H, T, T] of each
         * layer). Without a tap and outside training, each block's intermediate arrays (and the block
         * before's output) are freed as soon as the block is done, not with the whole pass: the pass
         * then reuses a block's worth of memory instead of asking the system for fresh pages for
         * all twelve (a tap may keep arrays of its own, so a tapped pass frees nothing early).
         */
        NDList apply(ParameterStore ps, NDArray x, boolean training, AttentionTap tap) {
            NDList out = new NDList();
            out.add(null);
            NDManager kept = x.getManager();
            boolean scoped = tap == AttentionTap.NONE && !training;
            for (int l = 0; l < layers.size(); l++) {
                int layer = l;
                try (NDManager block = scoped ? kept.newSubManager() : null) {
                    if (block != null && l > 0) {
                        x.attach(block); // the block before's output, this block's input only
                    }
                    Attention.Result r = layers.get(l).apply(ps, x, training, p -> tap.tap(layer, p));
                    if (block != null) {
                        r.output().attach(kept);
                        r.probabilities().attach(kept);
                    }
                    x = r.output();
                    out.add(r.probabilities());
                }
            }
            long s = OpProfile.begin();
            out.set(0, norm == null ? x : norm.apply(ps, x, training));
            OpProfile.end(Op.LAYER_NORM, s);
            return out;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            return apply(ps, in.singletonOrThrow(), training, AttentionTap.NONE);
        }
    }
}
