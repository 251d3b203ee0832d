package pairviz.model.weights;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Unpickles the object tree of a {@code torch.save} file without running any Python: tensors
 * become {@link TensorRef}s pointing into {@link StorageRef}s (the bytes are read later, only
 * for the tensors that are kept), dicts keep their order, and any other Python object becomes
 * an inert {@link PyObject}.
 *
 * <p>Uses its own table of known globals rather than the library's static registry, so nothing
 * global changes.
 */
final class TorchUnpickler extends Unpickler {

    /** A storage named by a persistent id {@code ('storage', type, key, location, numel[, view])}. */
    record StorageRef(String key, String typeName, DType dtype, long numel) {}

    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)}: a strided view. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    /** A torch storage class such as {@code torch.FloatStorage}, as pushed by its GLOBAL. */
    record StorageType(String name, DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return new PyObject("torch." + name, args);
        }
    }

    /** A Python class or function we know nothing about: calling it makes a {@link PyObject}. */
    record PyClass(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return new PyObject(name, args);
        }
    }

    /** An arbitrary Python object: its class (or factory) name, arguments and attributes. */
    static final class PyObject {
        final String name;
        final Object[] args;
        final Map<String, Object> attributes = new LinkedHashMap<>();

        PyObject(String name, Object[] args) {
            this.name = name;
            this.args = args;
        }

        /** Applies a BUILD state: a dict of attributes, or a (dict, slots) pair. */
        void setState(Object state) {
            if (state instanceof Map<?, ?> m) {
                m.forEach((k, v) -> attributes.put(String.valueOf(k), v));
            } else if (state instanceof Object[] pair && pair.length == 2) {
                setState(pair[0]);
                setState(pair[1]);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final Map<String, IObjectConstructor> KNOWN = new HashMap<>();

    static {
        KNOWN.put("collections.OrderedDict", TorchUnpickler::orderedDict);
        KNOWN.put("builtins.set", TorchUnpickler::set);
        KNOWN.put("__builtin__.set", TorchUnpickler::set);
        KNOWN.put("torch._utils._rebuild_tensor", TorchUnpickler::rebuildTensor);
        KNOWN.put("torch._utils._rebuild_tensor_v2", TorchUnpickler::rebuildTensor);
        KNOWN.put("torch._utils._rebuild_parameter", args -> arg(args, 0));
        KNOWN.put("torch._utils._rebuild_parameter_with_state", args -> arg(args, 0));
        // torch._tensor._rebuild_from_type_v2(func, type, args, state): a tensor subclass
        KNOWN.put("torch._tensor._rebuild_from_type_v2", args -> arg(args, 0) instanceof IObjectConstructor f
                && arg(args, 2) instanceof Object[] a ? f.construct(a) : new PyObject("torch._tensor._rebuild_from_type_v2", args));
        KNOWN.put("copyreg._reconstructor", TorchUnpickler::reconstruct);
        KNOWN.put("copy_reg._reconstructor", TorchUnpickler::reconstruct);
        storage("DoubleStorage", DType.F64);
        storage("FloatStorage", DType.F32);
        storage("HalfStorage", DType.F16);
        storage("BFloat16Storage", DType.BF16);
        storage("LongStorage", DType.I64);
        storage("IntStorage", DType.I32);
        storage("ShortStorage", DType.I16);
        storage("CharStorage", DType.I8);
        storage("ByteStorage", DType.U8);
        storage("BoolStorage", DType.BOOL);
    }

    private static void storage(String name, DType dtype) {
        KNOWN.put("torch." + name, new StorageType(name, dtype));
    }

    /** Every storage the pickle referred to, by key (also those of tensors not kept). */
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    Map<String, StorageRef> storages() {
        return storages;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(global(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                String name = String.valueOf(stack.pop());
                String module = String.valueOf(stack.pop());
                stack.add(global(module, name));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                List<Object> args = stack.pop_all_since_marker();
                stack.add(global(module, name).construct(args.toArray()));
            }
            // dicts keep their insertion order (the library's HashMaps would shuffle the weights)
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                putItems(map, stack.pop_all_since_marker());
                stack.add(map);
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putItems(stack.peek(), items);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                putItems(stack.peek(), Arrays.asList(k, value));
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                if (stack.peek() instanceof PyObject target) {
                    target.setState(state);
                } // attributes of dicts (an OrderedDict's _metadata) and of tensors are not needed
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])) {
            throw new PickleException("unexpected persistent id " + describe(pid));
        }
        String key = String.valueOf(t[2]);
        StorageRef known = storages.get(key);
        if (known != null) {
            return known;
        }
        DType dtype = t[1] instanceof StorageType s ? s.dtype() : null;
        String typeName = t[1] instanceof StorageType s ? s.name()
                : t[1] instanceof PyClass c ? c.name().replaceFirst("^torch\\.", "") : describe(t[1]);
        StorageRef ref = new StorageRef(key, typeName, dtype, toLong(t[4], "storage size"));
        storages.put(key, ref);
        return ref;
    }

    private static IObjectConstructor global(String module, String name) {
        String full = module + "." + name;
        IObjectConstructor c = KNOWN.get(full);
        return c != null ? c : new PyClass(full);
    }

    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("tensor rebuilt from " + describe(arg(args, 0)) + " instead of a storage");
        }
        long[] size = toLongs(args[2], "tensor size");
        long[] stride = toLongs(args[3], "tensor stride");
        if (size.length != stride.length) {
            throw new PickleException("tensor size and stride differ in length");
        }
        return new TensorRef(storage, toLong(args[1], "storage offset"), size, stride);
    }

    private static Object orderedDict(Object[] args) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.length == 1 && args[0] instanceof Collection<?> pairs) { // OrderedDict([(k, v), ...])
            for (Object p : pairs) {
                if (p instanceof Object[] kv && kv.length == 2) {
                    map.put(kv[0], kv[1]);
                }
            }
        }
        return map;
    }

    private static Object set(Object[] args) {
        return args.length == 1 && args[0] instanceof Collection<?> c ? new HashSet<>(c) : new HashSet<>();
    }

    /** copyreg._reconstructor(cls, base, state): an instance of cls. */
    private static Object reconstruct(Object[] args) {
        return arg(args, 0) instanceof IObjectConstructor cls ? cls.construct(new Object[0])
                : new PyObject("copyreg._reconstructor", args);
    }

    /** Sets dict items on a dict, or on a dict subclass (a PyObject), as attributes. */
    @SuppressWarnings("unchecked")
    private static void putItems(Object target, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw new PickleException("odd number of dict items");
        }
        for (int i = 0; i < items.size(); i += 2) {
            if (target instanceof Map<?, ?> m) {
                ((Map<Object, Object>) m).put(items.get(i), items.get(i + 1));
            } else if (target instanceof PyObject p) {
                p.attributes.put(String.valueOf(items.get(i)), items.get(i + 1));
            } else {
                throw new PickleException("dict items set on " + describe(target));
            }
        }
    }

    private static Object arg(Object[] args, int i) {
        return i < args.length ? args[i] : null;
    }

    private static long toLong(Object o, String what) {
        if (o instanceof Number n && !(o instanceof Double) && !(o instanceof Float)) {
            return n.longValue();
        }
        throw new PickleException(what + " is " + describe(o) + ", not an integer");
    }

    private static long[] toLongs(Object o, String what) {
        List<Object> items = o instanceof Object[] a ? Arrays.asList(a)
                : o instanceof PyObject p && p.args.length == 1 && p.args[0] instanceof Object[] a ? Arrays.asList(a) // torch.Size
                : o instanceof List<?> l ? new ArrayList<>(l) : null;
        if (items == null) {
            throw new PickleException(what + " is " + describe(o) + ", not a tuple");
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toLong(items.get(i), what);
        }
        return out;
    }

    private static String describe(Object o) {
        return o == null ? "None" : o instanceof Object[] a ? "a tuple of " + a.length : o.getClass().getSimpleName();
    }
}
