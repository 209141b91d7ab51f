package io.brainseg.transforms.base;

/**
 * Element-wise, per-sample work that a resampling kernel applies to each output row before it
 * writes the row: an intensity run fused into the spatial run before it, so the batch is written
 * once instead of twice.
 */
public interface RowEpilogue {

    /**
     * Tells whether this epilogue changes {@code key}.
     *
     * @param key the batch key
     * @return true if rows of the key must pass through {@link #forSample}
     */
    boolean covers(String key);

    /**
     * Prepares the work on one sample of one key (its random draws, say); called once per
     * (key, sample) on the thread that then applies the returned operation to every row of
     * that sample.
     *
     * @param key a covered key
     * @param sample the sample index
     * @param perSample the number of elements of one sample ({@code C×H×W} of the output)
     * @return the operation for that sample's rows
     */
    RowOp forSample(String key, int sample, int perSample);

    /** The operation on a run of consecutive elements of one sample. */
    @FunctionalInterface
    interface RowOp {

        /**
         * Transforms {@code values[0, len)} in place.
         *
         * @param values the values, elements {@code [flat, flat + len)} of the sample
         * @param len how many values
         * @param flat the index of {@code values[0]} in the flattened sample
         */
        void apply(float[] values, int len, int flat);
    }
}
