package io.brainseg.core.batch;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A batch of named arrays that live on one device, the unit that transforms, models and metrics
 * exchange (MONAI's dictionary of tensors, batched).
 *
 * <p>By convention {@link #IMAGE} is {@code N×C×H×W} and {@link #MASK} is {@code N×1×H×W}; any
 * other key may be added. Every key holds an array whose first dimension is the batch size
 * {@code N}. The optional {@link #getIds() ids} name the slice behind each of the {@code N}
 * samples, in order.
 *
 * <p><b>Memory.</b> The batch owns an {@link NDManager}; every array put into the batch is
 * attached to it, and {@link #close()} frees them all. {@link #set(String, NDArray)} closes the
 * array it replaces, so a pipeline of transforms keeps only the current arrays alive. Do not keep
 * references to arrays of a batch beyond its lifetime.
 *
 * <p>A batch is not thread-safe; hand it from one thread to the next, never share it.
 */
public final class SampleBatch implements AutoCloseable {

    /** Key of the image array, {@code N×C×H×W}. */
    public static final String IMAGE = "image";

    /** Key of the mask array, {@code N×1×H×W} with values in {0, 1}. */
    public static final String MASK = "mask";

    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final List<SliceId> ids;

    /**
     * Creates a batch that owns {@code manager}.
     *
     * @param manager the manager that owns the arrays of this batch; closed by {@link #close()}
     * @param ids the slice behind each sample, in batch order, or an empty list when unknown
     */
    public SampleBatch(NDManager manager, List<SliceId> ids) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.ids = List.copyOf(Objects.requireNonNull(ids, "ids"));
    }

    /**
     * Creates a batch on a new sub-manager of {@code parent}.
     *
     * @param parent the parent manager, whose device the batch uses
     * @param ids the slice behind each sample, in batch order, or an empty list when unknown
     * @return an empty batch
     */
    public static SampleBatch of(NDManager parent, List<SliceId> ids) {
        return new SampleBatch(parent.newSubManager(), ids);
    }

    /**
     * Returns the manager that owns this batch's arrays; transforms create their results on it.
     *
     * @return the batch manager
     */
    public NDManager getManager() {
        return manager;
    }

    /**
     * Returns the device of this batch.
     *
     * @return the device of the batch manager
     */
    public Device getDevice() {
        return manager.getDevice();
    }

    /**
     * Returns the array under {@code key}.
     *
     * @param key the array name
     * @return the array
     * @throws IllegalArgumentException if the batch has no such key (the message lists the keys)
     */
    public NDArray get(String key) {
        NDArray array = arrays.get(key);
        if (array == null) {
            throw new IllegalArgumentException("batch has no array '" + key + "'; its keys are " + arrays.keySet());
        }
        return array;
    }

    /**
     * Tells whether the batch holds {@code key}.
     *
     * @param key the array name
     * @return true if present
     */
    public boolean contains(String key) {
        return arrays.containsKey(key);
    }

    /**
     * Puts {@code array} under {@code key}, attaching it to this batch's manager and closing the
     * array it replaces (unless it is the same array).
     *
     * @param key the array name
     * @param array the new array; its first dimension must equal the batch size
     * @return this batch
     * @throws IllegalArgumentException if the array is a scalar or its first dimension differs from
     *     that of the arrays already in the batch
     */
    public SampleBatch set(String key, NDArray array) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(array, "array");
        if (array.getShape().dimension() == 0) {
            throw new IllegalArgumentException("array '" + key + "' must have a batch axis, got a scalar");
        }
        long n = array.getShape().get(0);
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            if (!e.getKey().equals(key) && e.getValue().getShape().get(0) != n) {
                throw new IllegalArgumentException(
                        "array '" + key + "' has shape " + array.getShape() + " but '" + e.getKey()
                                + "' has batch size " + e.getValue().getShape().get(0));
            }
        }
        if (!ids.isEmpty() && n != ids.size()) {
            throw new IllegalArgumentException("array '" + key + "' has shape " + array.getShape()
                    + " but the batch names " + ids.size() + " slices");
        }
        array.attach(manager);
        NDArray previous = arrays.put(key, array);
        if (previous != null && previous != array) {
            previous.close();
        }
        return this;
    }

    /**
     * Returns the keys in insertion order.
     *
     * @return an unmodifiable view of the keys
     */
    public Set<String> keys() {
        return Collections.unmodifiableSet(arrays.keySet());
    }

    /**
     * Returns the slices behind the samples, in batch order; empty when unknown.
     *
     * @return the slice ids
     */
    public List<SliceId> getIds() {
        return ids;
    }

    /**
     * Returns the batch size {@code N}: the first dimension of the arrays, or the number of ids
     * when the batch holds no array yet.
     *
     * @return the number of samples
     */
    public int size() {
        if (arrays.isEmpty()) {
            return ids.size();
        }
        return Math.toIntExact(arrays.values().iterator().next().getShape().get(0));
    }

    /** Frees every array of the batch by closing its manager. */
    @Override
    public void close() {
        arrays.clear();
        manager.close();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SampleBatch{");
        arrays.forEach((k, v) -> sb.append(k)
                .append('=')
                .append(v.getShape())
                .append(' ')
                .append(v.getDataType())
                .append(", "));
        return sb.append("device=").append(getDevice()).append('}').toString();
    }
}
