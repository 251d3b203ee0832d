package pairviz.model.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
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
 *
 * <p>Hostile files are refused before they cost memory or look like weights:
 * <ul>
 *   <li>Every length an opcode declares (a string, bytes, a long) is checked against the bytes
 *       that are left in the pickle before anything is allocated, and against what a state dict
 *       plausibly holds ({@link #MAX_STRING}, {@link #MAX_LONG_BYTES}).</li>
 *   <li>As {@code torch.load(weights_only=True)}, only an allow-list of globals may be called
 *       (the tensor and storage factories, {@code OrderedDict}, {@code set}, {@code torch.Size},
 *       ...); a pickle that calls anything else ({@code os.system}, {@code eval}, ...) is refused,
 *       naming the global. Classes may still be instantiated without being called (NEWOBJ and
 *       {@code copyreg._reconstructor} with base {@code object}): that is how a whole pickled
 *       {@code nn.Module} or an {@code argparse.Namespace} next to the weights is stored, and here
 *       it only makes an inert {@link PyObject}.</li>
 * </ul>
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

    /**
     * A Python class or function outside the allow-list. It may be instantiated ({@link
     * #instance}), never called: a state dict never calls it, and a pickle that does is hostile.
     */
    record PyClass(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw refused(name);
        }

        /** An instance made without running the class's code (NEWOBJ): an inert object. */
        PyObject instance(Object[] args) {
            return new PyObject(name, args);
        }
    }

    /** The message for a pickle that calls {@code global}. */
    static BadCheckpoint refused(String global) {
        return new BadCheckpoint("calls " + global + ", which a state dict never contains; refused as unsafe");
    }

    /** Longest string or bytes object accepted (state dicts hold names, not data, in strings). */
    static final long MAX_STRING = 64L << 20;
    /** Longest LONG4 integer accepted, in bytes (torch's magic number takes 10). */
    static final long MAX_LONG_BYTES = 1 << 12;

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
        // inert values that may sit next to the weights (what weights_only=True also allows)
        // functools.partial only records its function and arguments (a whole torchvision ViT holds
        // partial(nn.LayerNorm, eps=1e-6)); the inert object made here can never be called
        for (String inert : List.of("torch.Size", "torch.device", "collections.Counter", "functools.partial",
                "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.dtype",
                "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct")) {
            KNOWN.put(inert, args -> new PyObject(inert, args));
        }
        // how pickle.dump (not torch.save) stores a storage: recognised so that such a file is
        // called what it is, a plain pickle, rather than refused as unsafe
        KNOWN.put("torch.storage._load_from_bytes", args -> new PyObject("torch.storage._load_from_bytes", args));
        KNOWN.put("_codecs.encode", args -> arg(args, 0) instanceof String text // bytes in a protocol-2 pickle
                ? text.getBytes(StandardCharsets.ISO_8859_1) : new PyObject("_codecs.encode", args));
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

    /** Bytes of the pickle not read yet: the bound for every length an opcode declares. */
    private final LongSupplier remaining;

    /** @param remaining how many bytes of the pickle are left to read, at any moment */
    TorchUnpickler(LongSupplier remaining) {
        this.remaining = remaining;
    }

    /** Loads one pickle of exactly the bytes of {@code in}, which holds {@code size} bytes. */
    static Object load(InputStream in, long size) throws IOException {
        Counted counted = new Counted(in);
        return new TorchUnpickler(() -> size - counted.count).load(counted);
    }

    /** Counts the bytes read from a stream. */
    static final class Counted extends java.io.FilterInputStream {
        long count;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }

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
            case Opcodes.NEWOBJ -> {
                Object[] args = tuple(stack.pop());
                stack.add(instantiate(stack.pop(), args));
            }
            case Opcodes.NEWOBJ_EX -> {
                stack.pop(); // keyword arguments of __new__: an inert instance does not need them
                Object[] args = tuple(stack.pop());
                stack.add(instantiate(stack.pop(), args));
            }
            // opcodes that declare a length: checked before the bytes are allocated
            case Opcodes.BINUNICODE -> stack.add(new String(sized(4, MAX_STRING, "a string"), StandardCharsets.UTF_8));
            case Opcodes.BINUNICODE8 -> stack.add(new String(sized(8, MAX_STRING, "a string"), StandardCharsets.UTF_8));
            case Opcodes.BINSTRING -> stack.add(PickleUtils.rawStringFromBytes(sized(4, MAX_STRING, "a string")));
            case Opcodes.BINBYTES -> stack.add(sized(4, MAX_STRING, "a bytes object"));
            case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(sized(8, MAX_STRING, "a bytes object"));
            case Opcodes.LONG4 -> {
                byte[] digits = sized(4, MAX_LONG_BYTES, "an integer");
                stack.add(digits.length == 0 ? 0L : PickleUtils.decode_long(digits));
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

    /**
     * Reads a {@code lengthBytes}-byte little-endian length and then that many bytes, refusing a
     * length beyond what is left of the pickle or beyond {@code max} before allocating.
     */
    private byte[] sized(int lengthBytes, long max, String what) throws IOException {
        byte[] len = PickleUtils.readbytes(input, lengthBytes);
        ByteBuffer b = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        long n = lengthBytes == 4 ? b.getInt() & 0xffffffffL : b.getLong();
        long left = remaining.getAsLong();
        if (n < 0 || n > left) {
            throw BadCheckpoint.corrupt("the pickle declares " + what + " of " + Long.toUnsignedString(n)
                    + " bytes where only " + left + " bytes are left");
        }
        if (n > max) {
            throw BadCheckpoint.corrupt("the pickle declares " + what + " of " + n
                    + " bytes, more than a state dict holds (at most " + max + ")");
        }
        return PickleUtils.readbytes(input, (int) n);
    }

    private static Object[] tuple(Object o) {
        if (o instanceof Object[] a) {
            return a;
        }
        throw new PickleException("arguments of NEWOBJ are " + describe(o) + ", not a tuple");
    }

    /** NEWOBJ: {@code cls.__new__(cls, *args)}, which runs none of the class's own code. */
    private static Object instantiate(Object cls, Object[] args) {
        if (cls instanceof PyClass c) {
            return c.instance(args);
        }
        if (cls instanceof IObjectConstructor known) {
            return known.construct(args);
        }
        throw new PickleException("NEWOBJ on " + describe(cls) + ", not a class");
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
        if (arg(args, 0) instanceof PyObject p && p.name.equals("torch.storage._load_from_bytes")) {
            throw new BadCheckpoint("is a plain Python pickle (pickle.dump), not a torch.save checkpoint: "
                    + "save the state dict with torch.save");
        }
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

    /**
     * copyreg._reconstructor(cls, base, state): {@code base.__new__(cls)}, then {@code
     * base.__init__(obj, state)} unless base is {@code object}: so an instance of cls, as long as
     * base is {@code object} (any other base would be called).
     */
    private static Object reconstruct(Object[] args) {
        Object base = arg(args, 1);
        if (base instanceof PyClass b && !b.name().equals("builtins.object") && !b.name().equals("__builtin__.object")) {
            throw refused(b.name());
        }
        return arg(args, 0) instanceof PyClass cls ? cls.instance(new Object[0])
                : arg(args, 0) instanceof IObjectConstructor known ? known.construct(new Object[0])
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
