package pairviz.model.weights;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pairviz.model.weights.TorchUnpickler.PyObject;
import pairviz.model.weights.TorchUnpickler.StorageRef;
import pairviz.model.weights.TorchUnpickler.TensorRef;

/**
 * Finds the weights in an unpickled {@code torch.save} tree and turns them into tensors.
 *
 * <p>Accepted layouts: a state dict (a dict of tensors); a dict that wraps one under a usual key
 * ({@code state_dict}, {@code model_state_dict}, {@code model}, ...) or under its only
 * tensor-holding entry other than optimizer/scheduler state; a whole pickled {@code nn.Module}.
 * Non-tensor values next to the weights (epoch, arguments, ...) are ignored.
 */
final class TorchStateDicts {
    private TorchStateDicts() {}

    /** Keys under which training scripts usually keep the model weights, most specific first. */
    static final List<String> WRAPPER_KEYS = List.of(
            "state_dict", "model_state_dict", "model", "net", "network", "module", "params", "weights");

    /** Loads the raw values of one storage. */
    @FunctionalInterface
    interface StorageSource {
        /** The storage's values as a flat tensor [numel]. */
        Tensor load(StorageRef storage) throws IOException;

        /** Whether {@link #load} keeps this storage in the file's own bytes (a map) rather than in Java's memory. */
        default boolean keepsMapped(StorageRef storage) {
            return false;
        }
    }

    /**
     * The tensors of the state dict in {@code root}, by name, in order: {@link TensorRef}s, or
     * {@link PyObject}s for tensors of a kind this reader cannot rebuild.
     */
    static Map<String, Object> locate(Object root) {
        Map<String, Object> found = find(root, 0);
        if (found == null || found.isEmpty()) {
            throw new BadCheckpoint("holds no model weights (no dict of tensors found; top level is "
                    + describe(root) + ")");
        }
        return found;
    }

    private static Map<String, Object> find(Object obj, int depth) {
        if (depth > 10) {
            return null;
        }
        if (obj instanceof PyObject p && p.attributes.get("_parameters") instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            collectModule(p, "", out, 0);
            return out;
        }
        if (!(obj instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, Object> direct = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (isTensor(v)) {
                direct.put(String.valueOf(k), v);
            }
        });
        if (!direct.isEmpty() && direct.size() == map.size()) {
            return direct;
        }
        for (String key : WRAPPER_KEYS) {
            Map<String, Object> inner = find(map.get(key), depth + 1);
            if (inner != null && !inner.isEmpty()) {
                return inner;
            }
        }
        if (!direct.isEmpty()) {
            return direct;
        }
        List<String> candidates = new ArrayList<>();
        Map<String, Object> result = null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (isTrainingState(key)) {
                continue;
            }
            Map<String, Object> inner = find(e.getValue(), depth + 1);
            if (inner != null && !inner.isEmpty()) {
                candidates.add(key);
                result = inner;
            }
        }
        if (candidates.size() > 1) {
            throw new BadCheckpoint("holds several sets of weights (under " + String.join(", ", candidates)
                    + ") and it is unclear which is the model");
        }
        return result;
    }

    /** Parameters, persistent buffers, then submodules: the order of {@code Module.state_dict()}. */
    private static void collectModule(PyObject module, String prefix, Map<String, Object> out, int depth) {
        if (depth > 100) {
            return;
        }
        Object skip = module.attributes.get("_non_persistent_buffers_set");
        Collection<?> nonPersistent = skip instanceof Collection<?> c ? c : List.of();
        if (module.attributes.get("_parameters") instanceof Map<?, ?> params) {
            params.forEach((k, v) -> {
                if (v != null) {
                    out.put(prefix + k, v);
                }
            });
        }
        if (module.attributes.get("_buffers") instanceof Map<?, ?> buffers) {
            buffers.forEach((k, v) -> {
                if (v != null && !nonPersistent.contains(k)) {
                    out.put(prefix + k, v);
                }
            });
        }
        if (module.attributes.get("_modules") instanceof Map<?, ?> children) {
            children.forEach((k, v) -> {
                if (v instanceof PyObject child) {
                    collectModule(child, prefix + k + ".", out, depth + 1);
                }
            });
        }
    }

    private static boolean isTensor(Object v) {
        return v instanceof TensorRef || v instanceof PyObject p && isTensorFactory(p.name);
    }

    /** torch functions that rebuild tensors (quantized, sparse, ... are not supported). */
    private static boolean isTensorFactory(String name) {
        return name.startsWith("torch._utils._rebuild") || name.startsWith("torch._tensor._rebuild");
    }

    private static boolean isTrainingState(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("optim") || k.contains("scheduler") || k.contains("scaler");
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof TensorRef) {
            return "a single tensor";
        }
        if (o instanceof Map<?, ?> m) {
            return "a dict of " + m.size() + " entries";
        }
        if (o instanceof PyObject p) {
            return p.name;
        }
        return o.getClass().getSimpleName();
    }

    /** Index of the last storage element {@code t} reads (offset - 1 for an empty tensor). */
    private static long lastElement(TensorRef t) {
        long last = t.offset();
        for (int d = 0; d < t.size().length; d++) {
            if (t.size()[d] == 0) {
                return t.offset() - 1;
            }
            if (t.size()[d] < 0 || t.stride()[d] < 0) {
                throw BadCheckpoint.corrupt("a tensor has a negative size or stride");
            }
            last = Math.addExact(last, Math.multiplyExact(t.size()[d] - 1, t.stride()[d]));
        }
        return last;
    }

    /**
     * Reads the values of {@code refs}. Each storage is loaded once, and released once its last
     * tensor is built; a tensor that is a contiguous run of its storage is a view of it (the same
     * array or map when it is the whole storage, or the same map for a mapped storage).
     */
    static Map<String, Tensor> materialize(Map<String, Object> refs, StorageSource source) throws IOException {
        Map<String, Integer> users = new HashMap<>();
        refs.forEach((name, ref) -> {
            if (!(ref instanceof TensorRef t)) {
                throw BadCheckpoint.unsupported(name, ((PyObject) ref).name);
            }
            if (t.storage().dtype() == null) {
                throw BadCheckpoint.unsupported(name, t.storage().typeName());
            }
            long last = lastElement(t);
            if (t.offset() < 0 || last >= t.storage().numel()) {
                throw BadCheckpoint.corrupt("tensor '" + name + "' reaches element " + last
                        + " of a storage of " + t.storage().numel());
            }
            users.merge(t.storage().key(), 1, Integer::sum);
        });
        long total = 0;
        Map<String, StorageRef> used = new HashMap<>();
        refs.values().forEach(r -> used.put(((TensorRef) r).storage().key(), ((TensorRef) r).storage()));
        for (StorageRef s : used.values()) {
            total += source.keepsMapped(s) ? 0 : s.numel();
        }
        RawData.checkMemory(total);
        Map<String, Tensor> loaded = new HashMap<>();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : refs.entrySet()) {
            TensorRef t = (TensorRef) e.getValue();
            StorageRef s = t.storage();
            Tensor storage = loaded.get(s.key());
            if (storage == null) {
                storage = source.load(s);
                loaded.put(s.key(), storage);
            }
            if (users.merge(s.key(), -1, Integer::sum) == 0) {
                loaded.remove(s.key());
            }
            String what = "tensor '" + e.getKey() + "'";
            out.put(e.getKey(), RawData.isContiguous(t.size(), t.stride()) ? storage.view(t.offset(), t.size())
                    : new Tensor(t.size(), RawData.gather(storage.data(), t.offset(), t.size(), t.stride(), what)));
        }
        return out;
    }
}
