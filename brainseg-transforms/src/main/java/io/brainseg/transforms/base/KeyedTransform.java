package io.brainseg.transforms.base;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Base of every brainseg transform: the keys it touches (MONAI's dictionary transforms, batched)
 * and the memory discipline for replacing a keyed array.
 *
 * <p>Intensity transforms default to the key {@code image}; spatial transforms default to
 * {@code image} and {@code mask} and move all their keys with the same (per-sample) parameters.
 * A key the batch lacks is an error unless {@code optAllowMissingKeys(true)} was set.
 *
 * <p><b>Memory.</b> {@link #replace} runs the computation on a sub-manager of the batch manager
 * (the input array is temporarily attached to it, so every intermediate lands there), keeps only
 * the result and closes the rest.
 */
public abstract class KeyedTransform implements BatchTransform {

    private final List<String> keys;
    private final boolean allowMissingKeys;

    /**
     * Creates the transform from its builder.
     *
     * @param builder the builder holding the keys
     */
    protected KeyedTransform(BaseBuilder<?> builder) {
        this.keys = List.copyOf(builder.keys);
        this.allowMissingKeys = builder.allowMissingKeys;
    }

    /**
     * Returns the keys this transform touches, in order.
     *
     * @return the keys
     */
    public List<String> getKeys() {
        return keys;
    }

    /**
     * Returns the keys present in {@code batch}, failing on a missing one unless missing keys are
     * allowed.
     *
     * @param batch the batch
     * @return the keys to transform
     * @throws IllegalArgumentException if a key is missing and missing keys are not allowed
     */
    protected final List<String> presentKeys(SampleBatch batch) {
        List<String> present = new ArrayList<>(keys.size());
        for (String key : keys) {
            if (batch.contains(key)) {
                present.add(key);
            } else if (!allowMissingKeys) {
                throw new IllegalArgumentException(name() + ": batch has no array '" + key + "'; its keys are "
                        + batch.keys() + " (set optKeys or optAllowMissingKeys)");
            }
        }
        return present;
    }

    /**
     * Returns the array under {@code key}, checked to be {@code N×C×H×W}.
     *
     * @param batch the batch
     * @param key the key
     * @return the rank-4 array
     * @throws IllegalArgumentException naming the key and shape if the rank is not 4
     */
    protected final NDArray requireNchw(SampleBatch batch, String key) {
        NDArray array = batch.get(key);
        Shape shape = array.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException(
                    name() + " expects '" + key + "' as N×C×H×W (rank 4), got shape " + shape);
        }
        return array;
    }

    /**
     * Replaces {@code batch[key]} by {@code fn(sub, array)}, computed on a sub-manager that is
     * closed afterwards; only the returned array survives (attached to the batch manager).
     *
     * @param batch the batch
     * @param key the key
     * @param fn the computation; it may return its input unchanged
     */
    protected final void replace(SampleBatch batch, String key, BiFunction<NDManager, NDArray, NDArray> fn) {
        NDArray input = batch.get(key);
        NDArray result;
        try (NDManager sub = batch.getManager().newSubManager()) {
            input.tempAttach(sub);
            result = fn.apply(sub, input);
            if (result == input) {
                return;
            }
            result.attach(batch.getManager());
        }
        batch.set(key, result);
    }

    /**
     * Returns {@code array} as floating point: integer and boolean arrays are cast to float32,
     * floating arrays are returned as they are.
     *
     * @param array the array
     * @return a floating-point array
     */
    protected static NDArray asFloating(NDArray array) {
        DataType type = array.getDataType();
        if (type == DataType.FLOAT32
                || type == DataType.FLOAT64
                || type == DataType.FLOAT16
                || type == DataType.BFLOAT16) {
            return array;
        }
        return array.toType(DataType.FLOAT32, false);
    }

    /**
     * Returns the transform name used in messages.
     *
     * @return the simple class name
     */
    protected String name() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return name() + keys;
    }

    /**
     * Builder settings every keyed transform shares.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {

        private List<String> keys;
        private boolean allowMissingKeys;

        /**
         * Creates a builder with default keys.
         *
         * @param defaultKeys the keys used unless {@link #optKeys} is called
         */
        protected BaseBuilder(String... defaultKeys) {
            this.keys = Arrays.asList(defaultKeys);
        }

        /**
         * Sets the keys the transform touches.
         *
         * @param keys one or more array names
         * @return this builder
         */
        public T optKeys(String... keys) {
            this.keys = Arrays.asList(keys.clone());
            return self();
        }

        /**
         * Lets the transform skip keys the batch lacks instead of failing (MONAI's
         * {@code allow_missing_keys}).
         *
         * @param allow true to skip missing keys
         * @return this builder
         */
        public T optAllowMissingKeys(boolean allow) {
            this.allowMissingKeys = allow;
            return self();
        }

        /**
         * Checks the shared settings; builders call this from {@code build()}.
         *
         * @throws IllegalArgumentException if the keys are empty or contain a blank name
         */
        protected void validateKeys() {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("keys must not be empty");
            }
            for (String key : keys) {
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("keys must be non-blank names, got " + keys);
                }
            }
        }

        /**
         * Returns this builder.
         *
         * @return this
         */
        protected abstract T self();
    }
}
