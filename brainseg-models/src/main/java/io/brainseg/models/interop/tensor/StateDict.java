package io.brainseg.models.interop.tensor;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * PyTorch's {@code state_dict()} on the JVM: tensor names (MONAI's module paths such as
 * {@code model.0.conv.unit0.conv.weight}) mapped to arrays, in the file's order. The arrays
 * keep the file's element type (float32, float16, int64, …; bfloat16 is widened exactly to
 * float32, see {@link TensorTypes#create}) and belong to the manager the reader was given; this
 * object owns nothing.
 */
public final class StateDict {

    private final Map<String, NDArray> tensors;

    /**
     * Creates a state dict.
     *
     * @param tensors name → tensor, iterated in the order to keep
     */
    public StateDict(Map<String, NDArray> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * Returns the tensor names in order.
     *
     * @return the names
     */
    public Set<String> keys() {
        return tensors.keySet();
    }

    /**
     * Returns a tensor.
     *
     * @param key its name
     * @return the tensor, or null if there is none of that name
     */
    public NDArray get(String key) {
        return tensors.get(key);
    }

    /**
     * Returns the number of tensors.
     *
     * @return the size
     */
    public int size() {
        return tensors.size();
    }

    /**
     * Returns the tensors as an unmodifiable map.
     *
     * @return name → tensor, in order
     */
    public Map<String, NDArray> asMap() {
        return tensors;
    }

    /**
     * Keeps the tensors whose names start with {@code prefix}, without it: the network inside a
     * LightningModule attribute ({@code _model.}) or a {@code DataParallel} wrapper ({@code module.}).
     *
     * @param prefix the prefix, e.g. {@code _model.}; empty keeps everything
     * @return a new state dict over the same arrays
     */
    public StateDict withPrefixRemoved(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return new StateDict(out);
    }

    @Override
    public String toString() {
        return "StateDict(" + tensors.size() + " tensors)";
    }
}
