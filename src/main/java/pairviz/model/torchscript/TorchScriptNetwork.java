package pairviz.model.torchscript;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.model.PositionEmbeddings;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.model.AttentionTap;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Trace;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;
import pairviz.util.JsonFiles;

/**
 * Any network exported to TorchScript that keeps pairviz's contract (docs/models.md, "Your own
 * network through TorchScript"), run by libtorch through DJL's {@link PtSymbolBlock}:
 * <ul>
 *   <li>{@code forward} takes normalised images [B, 3, S, S] (float32, prepared as the model's
 *       preprocessing says: the archive's {@value #EXTRA_FILE}, a JSON beside it, the flags, else
 *       pairviz's defaults; docs/models.md);</li>
 *   <li>it returns the features [B, T, E] of every output position, row-major over a K x K grid
 *       (T = K * K: the embedding is their mean) or a class token followed by the grid
 *       (T = 1 + K * K: the embedding is the class token's features);</li>
 *   <li>optionally followed, in a tuple or a list, by each layer's attention probabilities
 *       [B, H, T, T] (row = query token) over the same T tokens, first layer first.</li>
 * </ul>
 * S is {@code imageSize} when the user gives it, else {@code image_size} of the archive's extra
 * file {@code pairviz.json} ({@code torch.jit.save(m, f, _extra_files={"pairviz.json": ...})}),
 * else 224; K, E, the pooling and the attention are read off one forward pass of zeros.
 *
 * <p>The module runs in eval mode (BatchNorm with its running statistics, no dropout); its
 * parameters never require a gradient. A forward pass runs under autograd exactly when the images
 * require a gradient, so the gradient at the input reaches through the script (the gradient
 * modes that need only it work). An {@link AttentionTap} cannot reach inside a script: the
 * attention maps come back as outputs, so the gradient with respect to them is out of reach and
 * {@link TorchScriptConfig#attentionTaps()} is false.
 */
public final class TorchScriptNetwork extends EmbeddingNetwork {
    /** The extra file of the archive that may record the input size. */
    public static final String EXTRA_FILE = "pairviz.json";
    /** The input size when neither the user nor the archive gives one: torchvision's, timm's and Hugging Face's ImageNet models'. */
    public static final int DEFAULT_IMAGE_SIZE = 224;

    private final PtSymbolBlock module;
    private final TorchScriptConfig config;
    private final String sizeFrom;
    private final String extra;

    private TorchScriptNetwork(PtSymbolBlock module, TorchScriptConfig config, String sizeFrom, String extra) {
        this.module = module;
        this.config = config;
        this.sizeFrom = sizeFrom;
        this.extra = extra;
    }

    /**
     * Loads a TorchScript archive into {@code manager} (which then owns the module) and reads its
     * architecture off one forward pass.
     *
     * @param imageSize the input side the user gave, or null
     * @param pooling the pooling the user gave, or null: it must agree with the features' tokens
     * @throws PairvizException if libtorch cannot load the archive, or its forward does not keep the contract
     * @throws BadParameterException if {@code pooling} disagrees with the features, or the forward
     *     fails at the input size (which the user may give)
     */
    public static TorchScriptNetwork load(Path file, NDManager manager, Integer imageSize, VitConfig.Pooling pooling) {
        String name = file.getFileName().toString();
        String[] values = new String[1];
        PtSymbolBlock module;
        try {
            module = JniUtils.loadModule((PtNDManager) manager, file.toAbsolutePath(), true,
                    new String[] {EXTRA_FILE}, values, true); // trainParam: parameters outside inference mode, so autograd can use them
        } catch (EngineException e) {
            throw new PairvizException(cannotLoad(name, firstLine(e)), e);
        }
        JniUtils.enableInferenceMode(module); // eval(): BatchNorm's running statistics, no dropout
        module.freezeParameters(true);
        Integer recorded = recordedSize(values[0], name);
        int size = imageSize != null ? imageSize : recorded != null ? recorded : DEFAULT_IMAGE_SIZE;
        String sizeFrom = imageSize != null ? "given" : recorded != null ? "recorded in " + EXTRA_FILE
                : "the default: neither given nor recorded in " + EXTRA_FILE;
        TorchScriptConfig config = probe(module, manager, name, size, pooling);
        return new TorchScriptNetwork(module, config, sizeFrom, values[0] == null || values[0].isBlank() ? null : values[0]);
    }

    @Override
    public TorchScriptConfig config() {
        return config;
    }

    /**
     * The archive's extra file {@value #EXTRA_FILE} as text (its input size and preprocessing:
     * docs/models.md), or null when it has none.
     */
    public String extraJson() {
        return extra;
    }

    /** Where the input size came from, for the user: "given", "recorded in pairviz.json" or the default. */
    public String sizeFrom() {
        return sizeFrom;
    }

    /**
     * Refuses bf16: the products run inside libtorch's script, which pairviz's bf16 kernels do
     * not reach, so the network would run float32 while the user asked for bf16.
     */
    @Override
    public String refuses(pairviz.model.Precision p) {
        return p == pairviz.model.Precision.FP32 ? null
                : "a TorchScript network runs its products inside the script, in the archive's float32: "
                        + "export it in bfloat16 yourself or leave {precision} at fp32";
    }

    /** {@code tap} is never called: the attention maps are outputs of the script (see the class comment). */
    @Override
    public Trace trace(ParameterStore ps, NDArray images, boolean training, AttentionTap tap) {
        NDList out = run(module, images); // features [B, T, E], then [B, H, T, T] per layer
        NDArray features = out.get(0);
        List<NDArray> attentions = out.subNDList(1);
        int k = config.gridSize();
        if (config.classToken()) {
            return new Trace(features.get(":, 0, :"), features.get(":, 1:, :"), k, k, true, attentions);
        }
        return new Trace(features.mean(new int[] {1}), features, k, k, false, attentions);
    }

    /** The module's parameters by name, copied as float32 (for {@code inspect}). */
    public StateDict parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        module.getParameters().forEach(p -> {
            NDArray a = p.getValue().getArray();
            float[] data;
            if (a.getDataType() == DataType.FLOAT32) {
                data = a.toFloatArray();
            } else {
                Number[] n = a.toArray();
                data = new float[n.length];
                for (int i = 0; i < n.length; i++) {
                    data[i] = n[i].floatValue();
                }
            }
            out.put(p.getKey(), new Tensor(a.getShape().getShape(), data));
        });
        return StateDict.of(out);
    }

    /** One forward pass, under autograd when the images require a gradient. */
    private static NDList run(PtSymbolBlock module, NDArray images) {
        return IValueUtils.forward(module, new NDList(images), images.hasGradient());
    }

    /** Runs a batch of two zero images and reads the architecture off the outputs' shapes. */
    private static TorchScriptConfig probe(PtSymbolBlock module, NDManager manager, String name, int size,
            VitConfig.Pooling pooling) {
        try (NDManager sub = manager.newSubManager()) {
            NDList out;
            try {
                out = run(module, sub.zeros(new Shape(2, 3, size, size)));
            } catch (EngineException e) {
                String why = interpreterError(e).replace('{', '(').replace('}', ')'); // no parameter names in libtorch's words
                String failure = "checkpoint " + name + ": its forward fails on a batch of 2 x 3 x " + size + " x " + size
                        + " images (" + why + ")";
                if (!isShapeMismatch(why)) {
                    throw new PairvizException(failure, e);
                }
                throw new BadParameterException(failure + "; is " + size + " its input size? Give it "
                        + "with {size}, or record image_size in the archive's " + EXTRA_FILE + " (docs/models.md)");
            }
            if (out.isEmpty()) {
                throw contract(name, "its forward returns nothing");
            }
            Shape f = out.get(0).getShape();
            if (f.dimension() != 3 || f.get(0) != 2) {
                throw contract(name, "its forward returns " + java.util.Arrays.toString(f.getShape()) + " for 2 images, not features [2, T, E]");
            }
            if (out.get(0).getDataType() != DataType.FLOAT32) {
                throw contract(name, "its features are " + out.get(0).getDataType() + ", not float32");
            }
            int t = (int) f.get(1);
            int grid = squareRoot(t);
            int gridAfterClass = squareRoot(t - 1);
            boolean cls = grid < 0;
            if (cls && gridAfterClass < 1) {
                throw contract(name, "its forward returns " + t + " tokens, neither a K x K grid nor a class token and a K x K grid");
            }
            if (pooling != null && (pooling == VitConfig.Pooling.CLS) != cls) {
                throw new BadParameterException("{pooling} " + pooling.id() + " does not fit " + name + ": its forward returns "
                        + (cls ? "a class token and a " + gridAfterClass + " x " + gridAfterClass + " grid"
                                : "a " + grid + " x " + grid + " grid and no class token") + " (leave it out)");
            }
            int heads = 0;
            int layers = 0;
            for (int l = 1; l < out.size(); l++) {
                Shape a = out.get(l).getShape();
                if (a.dimension() != 4 || a.get(0) != 2 || a.get(2) != t || a.get(3) != t || heads != 0 && a.get(1) != heads) {
                    throw contract(name, "output " + l + " is " + java.util.Arrays.toString(a.getShape()) + ", not an attention map [2, H, " + t + ", " + t
                            + "] over the features' " + t + " tokens");
                }
                heads = (int) a.get(1);
                layers++;
            }
            return new TorchScriptConfig(name, size, cls ? gridAfterClass : grid, (int) f.get(2), cls, layers, heads);
        }
    }

    private static PairvizException contract(String name, String problem) {
        return new PairvizException("checkpoint " + name + " is a TorchScript network that does not keep pairviz's "
                + "contract: " + problem + " (docs/models.md, \"Your own network through TorchScript\")");
    }

    /** K with K * K = n, or -1. */
    private static int squareRoot(int n) {
        return PositionEmbeddings.gridSide(n);
    }

    /** The input size an archive's pairviz.json records, or null (no such file, or no image_size in it). */
    private static Integer recordedSize(String json, String name) {
        if (json == null || json.isBlank()) {
            return null;
        }
        JsonNode size;
        try {
            size = JsonFiles.MAPPER.readTree(json).path("image_size");
        } catch (java.io.IOException e) {
            throw new PairvizException("checkpoint " + name + ": its extra file " + EXTRA_FILE + " is "
                    + pairviz.util.JsonErrors.describe(e), e);
        }
        if (size.isMissingNode() || size.isNull()) {
            return null;
        }
        if (!size.canConvertToInt() || !size.isIntegralNumber() || size.asInt() < 1) {
            throw new PairvizException("checkpoint " + name + ": image_size in its " + EXTRA_FILE + " is " + size
                    + ", not a positive whole number");
        }
        return size.asInt();
    }

    /**
     * Why libtorch cannot load an archive, in the user's words: an archive whose records are not
     * what TorchScript expects makes libtorch fail one of its own assertions ("INTERNAL ASSERT
     * FAILED ... please report a bug to PyTorch"), which is not a bug of PyTorch but a damaged or
     * fake archive; libtorch's "[enforce fail at file:line] ." prefix is left out.
     */
    static String cannotLoad(String name, String libtorchLine) {
        java.util.regex.Matcher assertion = INTERNAL_ASSERT.matcher(libtorchLine);
        if (assertion.find()) {
            String detail = assertion.group(1).strip();
            return "checkpoint " + name + " is a damaged TorchScript archive: its records are not what TorchScript expects"
                    + (detail.isEmpty() ? "" : " (" + detail + ")") + "; export it again with torch.jit.save";
        }
        return "checkpoint " + name + " is a TorchScript archive that libtorch 2.7.1 cannot load ("
                + libtorchLine.replaceFirst("^\\[enforce fail at [^\\]]*\\]\\s*\\.?\\s*", "") + ")";
    }

    /** libtorch's failed assertion; group 1 is what it found instead ("Expected Object but got Int"). */
    private static final java.util.regex.Pattern INTERNAL_ASSERT = java.util.regex.Pattern.compile(
            "INTERNAL ASSERT FAILED.*?(?:please report a bug to PyTorch\\.?)?\\s*([^.]*)$");

    /**
     * The error a failed forward raised: libtorch's message opens with "The following operation
     * failed in the TorchScript interpreter." and a traceback, and ends with the error itself
     * ("RuntimeError: ..."), which is what the user needs; other messages give their first line.
     */
    static String interpreterError(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        List<String> lines = m.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return m;
        }
        if (lines.get(0).startsWith("The following operation failed in the TorchScript interpreter")) {
            for (int i = lines.size() - 1; i > 0; i--) {
                java.util.regex.Matcher raised = RAISED.matcher(lines.get(i));
                if (raised.matches()) {
                    return raised.group(1) + ": " + raised.group(2);
                }
            }
            return lines.get(lines.size() - 1);
        }
        return lines.get(0);
    }

    /** "RuntimeError: text" or "builtins.ValueError: text", the last line of a TorchScript traceback. */
    private static final java.util.regex.Pattern RAISED =
            java.util.regex.Pattern.compile("(?:[\\w.]*\\.)?(\\w*(?:Error|Exception)): (.*)");

    /** Whether libtorch's error says that tensor sizes do not fit, which another input size may cure. */
    static boolean isShapeMismatch(String error) {
        return SHAPE_WORDS.matcher(error).find();
    }

    private static final java.util.regex.Pattern SHAPE_WORDS = java.util.regex.Pattern.compile(
            "(?i)size|shape|dimension|cannot be multiplied|channels|must match|non-singleton|out of range|out of bounds");

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
    }
}
