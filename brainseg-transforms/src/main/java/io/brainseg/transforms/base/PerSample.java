package io.brainseg.transforms.base;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/**
 * Per-sample random parameters: drawn on the host from the caller's generator (cheap, N values)
 * and turned into small arrays that broadcast against an {@code N×...} batch on its device.
 *
 * <p>Every random transform draws, for each sample in order, first the coin
 * ({@code rng.nextDouble() < prob}) and then its value(s), whether or not the coin is set, so the
 * number of draws per batch is fixed and one transform never shifts another's stream.
 */
public final class PerSample {

    private PerSample() {}

    /**
     * Draws a value uniform in [lo, hi) ({@code lo} itself when {@code lo == hi}).
     *
     * @param rng the generator
     * @param lo lower bound
     * @param hi upper bound
     * @return the draw
     */
    public static double uniform(RandomGenerator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /**
     * Draws the per-sample coin.
     *
     * @param rng the generator
     * @param prob the probability of true
     * @return true with probability {@code prob}
     */
    public static boolean coin(RandomGenerator rng, double prob) {
        return rng.nextDouble() < prob;
    }

    /**
     * Creates an {@code N×1×…×1} array of {@code values}, of the type of {@code like}, that
     * broadcasts against {@code like}.
     *
     * @param manager the manager of the step
     * @param values one value per sample
     * @param like the batch array
     * @return the column array
     */
    public static NDArray column(NDManager manager, float[] values, NDArray like) {
        long[] dims = new long[like.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = values.length;
        NDArray col = manager.create(values, new Shape(dims));
        DataType type = like.getDataType();
        return type == DataType.FLOAT32 ? col : col.toType(type, false);
    }

    /**
     * Creates an {@code N×1×…×1} boolean array of the rank of {@code like}; the engine's {@code where} needs it broadcast explicitly.
     *
     * @param manager the manager of the step
     * @param values one flag per sample
     * @param like the batch array
     * @return the boolean column
     */
    public static NDArray flags(NDManager manager, boolean[] values, NDArray like) {
        long[] dims = new long[like.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = values.length;
        return manager.create(values, new Shape(dims));
    }
}
