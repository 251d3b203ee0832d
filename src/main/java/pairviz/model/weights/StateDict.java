package pairviz.model.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pairviz.PairvizException;

/**
 * Named weights of a model, in the order they were stored (insertion order). Immutable.
 */
public final class StateDict {
    private final Map<String, Tensor> tensors;

    private StateDict(LinkedHashMap<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** A state dict with the entries of {@code map}, in its iteration order. */
    public static StateDict of(Map<String, Tensor> map) {
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        map.forEach((name, tensor) -> copy.put(Objects.requireNonNull(name, "weight name"),
                Objects.requireNonNull(tensor, () -> "tensor for " + name)));
        return new StateDict(copy);
    }

    /** The tensor called {@code name}, or {@code null} if there is none. */
    public Tensor get(String name) {
        return tensors.get(name);
    }

    /** Whether there is a tensor called {@code name}. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The names, in order (unmodifiable). */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }

    /** Total number of values over all tensors. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.numel();
        }
        return n;
    }

    /** Whether every name starts with {@code prefix} (false when empty). */
    public boolean allNamesStartWith(String prefix) {
        return !tensors.isEmpty() && tensors.keySet().stream().allMatch(n -> n.startsWith(prefix));
    }

    /**
     * Removes {@code prefix} from every name that starts with it; other names stay as they are.
     *
     * @throws IllegalArgumentException if two tensors would end up with the same name
     */
    public StateDict stripPrefix(String prefix) {
        return rename(name -> name.startsWith(prefix) ? name.substring(prefix.length()) : name);
    }

    /**
     * Renames every tensor with {@code renamer}, keeping the order.
     *
     * @throws IllegalArgumentException if two tensors would end up with the same name
     */
    public StateDict rename(Function<String, String> renamer) {
        LinkedHashMap<String, Tensor> renamed = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            String to = Objects.requireNonNull(renamer.apply(name), () -> "new name for " + name);
            if (renamed.putIfAbsent(to, tensor) != null) {
                throw new IllegalArgumentException("renaming gives two weights the same name '" + to + "'");
            }
        });
        return new StateDict(renamed);
    }

    /**
     * The tensor called {@code name}.
     *
     * @param source the checkpoint's name for the message
     * @throws PairvizException if there is none
     */
    public Tensor require(String name, String source) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new PairvizException("checkpoint " + source + " is missing " + name);
        }
        return t;
    }

    /**
     * Number of distinct whole numbers captured by group 1 of {@code p} over the names (found
     * anywhere in a name): layers, blocks, units.
     */
    public int countIndices(Pattern p) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (String name : tensors.keySet()) {
            Matcher m = p.matcher(name);
            if (m.find()) {
                seen.add(Integer.parseInt(m.group(1)));
            }
        }
        return seen.size();
    }

    /** The tensors by name, in order (unmodifiable). */
    public Map<String, Tensor> asMap() {
        return tensors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateDict s && tensors.equals(s.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "StateDict(" + tensors.size() + " tensors, " + parameterCount() + " values)";
    }
}
