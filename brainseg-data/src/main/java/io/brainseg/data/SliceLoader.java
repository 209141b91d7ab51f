package io.brainseg.data;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.BatchSource;
import java.util.List;
import java.util.Random;

/**
 * Yields batches of decoded slices as NDArrays: key {@code image} {@code N×C×H×W} (C the cache's
 * {@link SliceCache#getChannels() channels}: 3, or {@code 3·(2K+1)} for a 2.5-D cache) and key
 * {@code mask} {@code N×1×H×W}, as UINT8 by default (image 0..255, mask {0, 1}) or FLOAT32 (same
 * values, not rescaled), each batch a {@link io.brainseg.core.batch.SampleBatch} on its own
 * sub-manager of the manager passed to {@link #epoch}, with its {@link io.brainseg.core.batch.SliceId}s.
 *
 * <pre>{@code
 * SliceLoader train = SliceLoader.builder().setCache(cache.subset(split.getTrain()))
 *         .setBatchSize(16).optShuffle(true).optDropLast(true).optSeed(42).build();
 * try (BatchIterator it = train.epoch(manager, epoch)) {
 *     while (it.hasNext()) {
 *         try (SampleBatch batch = it.next()) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Order.</b> Without shuffling, batches follow the cache order. With shuffling, epoch
 * {@code e} uses a permutation drawn from a generator seeded with {@code (seed, e)} only, so a
 * resumed run sees the same batches. The last, smaller batch is dropped with {@code optDropLast}.
 *
 * <p><b>Overlap.</b> With {@code optPrefetch(k > 0)} (default 2) a background thread gathers the
 * next {@code k} batches' bytes into direct buffers while the consumer computes; the consumer's
 * {@link java.util.Iterator#next()} only copies them into arrays on the batch's device (one
 * memcpy). Arrays are created on the consumer thread so that no NDArray ever outlives an
 * iterator that was closed early; closing the iterator stops the thread and drops the prepared
 * buffers. With {@code optPrefetch(0)} everything happens in {@code next()}.
 */
public final class SliceLoader implements BatchSource {

    private final List<DecodedSlice> slices;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final DataType dataType;
    private final int prefetch;
    private final int channels;
    private final int height;
    private final int width;

    private SliceLoader(Builder b) {
        this.channels = b.cache.getChannels();
        this.slices = b.cache.getSlices();
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.dataType = b.dataType;
        this.prefetch = b.prefetch;
        this.height = slices.get(0).height();
        this.width = slices.get(0).width();
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int getNumSamples() {
        return slices.size();
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }

    @Override
    public int getNumBatches() {
        return dropLast ? slices.size() / batchSize : (slices.size() + batchSize - 1) / batchSize;
    }

    /**
     * Returns the sample order of one epoch: the cache indices in the order batches take them.
     *
     * @param epoch the epoch number
     * @return a permutation of {@code 0..getNumSamples()-1}
     */
    public int[] order(int epoch) {
        int n = slices.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (shuffle) {
            Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    @Override
    public BatchIterator epoch(NDManager parent, int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return new LoaderIterator(
                parent, slices, order(epoch), batchSize, getNumBatches(), channels, height, width, dataType, prefetch);
    }

    @Override
    public String toString() {
        return "SliceLoader{" + slices.size() + " slices of " + channels + "x" + height + "x" + width + ", batch "
                + batchSize
                + ", " + getNumBatches() + " batches, shuffle=" + shuffle + ", dropLast=" + dropLast + ", "
                + dataType + "}";
    }

    /** Options for {@link SliceLoader}. */
    public static final class Builder {

        private SliceCache cache;
        private int batchSize;
        private boolean shuffle;
        private boolean dropLast;
        private long seed = 42;
        private DataType dataType = DataType.UINT8;
        private int prefetch = 2;

        private Builder() {}

        /**
         * Sets the decoded slices to serve (required, not empty, all of one size); use
         * {@link SliceCache#subset} for one set of a split.
         *
         * @param cache the slices
         * @return this builder
         */
        public Builder setCache(SliceCache cache) {
            this.cache = cache;
            return this;
        }

        /**
         * Sets the number of slices per batch (required).
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Shuffles each epoch (default false).
         *
         * @param shuffle whether to shuffle
         * @return this builder
         */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Drops the last batch when it is smaller than the batch size (default false).
         *
         * @param dropLast whether to drop it
         * @return this builder
         */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Sets the shuffle seed (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the data type of the arrays: UINT8 (default) or FLOAT32. FLOAT32 keeps the values
         * (image 0..255, mask 0/1); scaling belongs to the transforms.
         *
         * @param dataType UINT8 or FLOAT32
         * @return this builder
         */
        public Builder optDataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /**
         * Sets how many batches the background thread prepares ahead (default 2; 0 = no thread).
         *
         * @param prefetch at least 0
         * @return this builder
         */
        public Builder optPrefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /**
         * Validates the settings.
         *
         * @return the loader
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public SliceLoader build() {
            if (cache == null || cache.size() == 0) {
                throw new IllegalArgumentException("cache must be set (setCache) and not empty, got " + cache);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1 (setBatchSize), got " + batchSize);
            }
            if (dataType != DataType.UINT8 && dataType != DataType.FLOAT32) {
                throw new IllegalArgumentException("dataType must be UINT8 or FLOAT32, got " + dataType);
            }
            if (prefetch < 0) {
                throw new IllegalArgumentException("prefetch must be >= 0, got " + prefetch);
            }
            if (dropLast && cache.size() < batchSize) {
                throw new IllegalArgumentException(
                        "batchSize " + batchSize + " with dropLast leaves no batch of " + cache.size() + " slices");
            }
            DecodedSlice first = cache.getSlices().get(0);
            for (DecodedSlice s : cache.getSlices()) {
                if (s.height() != first.height() || s.width() != first.width()) {
                    throw new IllegalArgumentException("all slices must have one size: " + first.id() + " is "
                            + first.height() + "x" + first.width() + ", " + s.id() + " is "
                            + s.height() + "x" + s.width());
                }
            }
            return new SliceLoader(this);
        }
    }
}
