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
 * <p><b>Tumour share.</b> With {@code optTumourShare(p)} an epoch still has one sample per cached
 * slice, but a share {@code p} of them is drawn from the slices with tumour and the rest from the
 * slices without: the slice-level form of MONAI's {@code RandCropByPosNegLabel} with
 * {@code pos / (pos + neg) = p}. Each class is drawn by walking fresh permutations of it, so within
 * an epoch a slice repeats only once its whole class has been used (tumour slices when they are
 * the minority, as in the LGG data, where about a third of the slices show tumour) and the
 * majority class is sub-sampled, differently every epoch. Oversampling changes which errors the
 * loss sees, not the epoch's cost, so runs with and without it compare at equal time.
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
    private final Double tumourShare;
    private final int[] withTumour;
    private final int[] withoutTumour;
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
        this.tumourShare = b.tumourShare;
        this.withTumour = indices(slices, true);
        this.withoutTumour = indices(slices, false);
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
     * @return a permutation of {@code 0..getNumSamples()-1}; with {@code optTumourShare}, as many
     *     cache indices drawn as described in the class comment
     */
    public int[] order(int epoch) {
        int n = slices.size();
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
        if (tumourShare != null) {
            int positives = (int) Math.round(tumourShare * n);
            int[] idx = new int[n];
            draw(withTumour, idx, 0, positives, rnd);
            draw(withoutTumour, idx, positives, n - positives, rnd);
            shuffle(idx, rnd);
            return idx;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (shuffle) {
            shuffle(idx, rnd);
        }
        return idx;
    }

    /** Fills {@code out[from, from + count)} from successive fresh permutations of {@code pool}. */
    private static void draw(int[] pool, int[] out, int from, int count, Random rnd) {
        int[] perm = pool.clone();
        int used = perm.length;
        for (int i = 0; i < count; i++) {
            if (used == perm.length) {
                shuffle(perm, rnd);
                used = 0;
            }
            out[from + i] = perm[used++];
        }
    }

    private static void shuffle(int[] idx, Random rnd) {
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
    }

    private static int[] indices(List<DecodedSlice> slices, boolean tumour) {
        return java.util.stream.IntStream.range(0, slices.size())
                .filter(i -> slices.get(i).hasTumour() == tumour)
                .toArray();
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
        private Double tumourShare;

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
         * Draws a fixed share of each epoch's samples from the slices with tumour (default: none,
         * every slice once per epoch). Needs {@code optShuffle(true)} and slices of both kinds.
         *
         * @param tumourShare in (0, 1), for example 0.5 for as many tumour as tumour-free slices
         * @return this builder
         */
        public Builder optTumourShare(double tumourShare) {
            this.tumourShare = tumourShare;
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
            if (tumourShare != null) {
                checkTumourShare();
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

        private void checkTumourShare() {
            if (!(tumourShare > 0 && tumourShare < 1)) {
                throw new IllegalArgumentException("tumourShare must be in (0, 1), got " + tumourShare);
            }
            if (!shuffle) {
                throw new IllegalArgumentException(
                        "tumourShare " + tumourShare + " draws samples at random and needs optShuffle(true)");
            }
            long tumour =
                    cache.getSlices().stream().filter(DecodedSlice::hasTumour).count();
            if (tumour == 0 || tumour == cache.size()) {
                throw new IllegalArgumentException("tumourShare " + tumourShare + " needs slices with and without "
                        + "tumour; the cache has " + tumour + " of " + cache.size() + " with tumour");
            }
        }
    }
}
