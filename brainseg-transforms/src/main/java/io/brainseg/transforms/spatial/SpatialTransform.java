package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.KeyedTransform;
import java.util.List;

/**
 * Base of the spatial transforms: default keys {@code image} and {@code mask}, every keyed array
 * {@code N×C×H×W} with the same {@code H×W}, all moved with the same per-sample parameters.
 */
public abstract class SpatialTransform extends KeyedTransform {

    /**
     * Creates the transform.
     *
     * @param builder its builder
     */
    protected SpatialTransform(BaseBuilder<?> builder) {
        super(builder);
    }

    /**
     * Returns the present keys after checking that each is rank 4 and that all share {@code H×W}.
     *
     * @param batch the batch
     * @return the keys to transform
     * @throws IllegalArgumentException naming key and shape on a wrong rank or a size mismatch
     */
    protected final List<String> checkedKeys(SampleBatch batch) {
        List<String> keys = presentKeys(batch);
        Shape first = null;
        String firstKey = null;
        for (String key : keys) {
            NDArray x = requireNchw(batch, key);
            Shape s = x.getShape();
            if (first == null) {
                first = s;
                firstKey = key;
            } else if (s.get(2) != first.get(2) || s.get(3) != first.get(3)) {
                throw new IllegalArgumentException(name() + ": '" + key + "' has shape " + s
                        + " but '" + firstKey + "' has shape " + first
                        + "; spatial keys must share H×W");
            }
        }
        return keys;
    }

    /**
     * Lets {@link SpatialPlan} replace a key with this transform's memory discipline.
     *
     * @param batch the batch
     * @param key the key
     * @param fn the computation
     */
    final void replaceKey(
            SampleBatch batch,
            String key,
            java.util.function.BiFunction<ai.djl.ndarray.NDManager, NDArray, NDArray> fn) {
        replace(batch, key, fn);
    }

    /**
     * Tells whether the batch lives on the CPU.
     *
     * @param batch the batch
     * @return true on the CPU device
     */
    static boolean onCpu(SampleBatch batch) {
        return io.brainseg.transforms.base.CpuBuffers.isCpu(batch.getManager());
    }

    /**
     * Returns the spatial size {@code {H, W}} shared by the keys.
     *
     * @param batch the batch
     * @param keys keys returned by {@link #checkedKeys}
     * @return {H, W}, or null when there are no keys
     */
    protected static int[] spatialSize(SampleBatch batch, List<String> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        Shape s = batch.get(keys.get(0)).getShape();
        return new int[] {Math.toIntExact(s.get(2)), Math.toIntExact(s.get(3))};
    }

    /**
     * Builder base with the spatial default keys.
     *
     * @param <T> the concrete builder
     */
    public abstract static class SpatialBuilder<T extends SpatialBuilder<T>> extends BaseBuilder<T> {

        /** Creates the builder with keys {@code image} and {@code mask}. */
        protected SpatialBuilder() {
            super("image", "mask");
        }
    }
}
