package io.brainseg.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.BatchSource;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.batch.SliceId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * An in-memory {@link BatchSource} of synthetic slices for tests: a dim noisy background with one
 * bright square (the mask) per slice; every fifth slice has no square and an empty mask. Images
 * are uint8 {@code N×3×S×S} (0..255), masks uint8 {@code N×1×S×S} in {0, 1}, like the real loader.
 * Slice {@code i} depends only on (seed, i); the order of an epoch on (seed, epoch).
 */
public final class SquareSource implements BatchSource {

    private final int n;
    private final int batchSize;
    private final int size;
    private final boolean shuffle;
    private final long seed;
    private final byte[][] images;
    private final byte[][] masks;

    /**
     * Creates the source.
     *
     * @param n number of slices
     * @param batchSize slices per batch
     * @param size image side
     * @param seed the data seed
     * @param shuffle shuffle per epoch (training) or keep order (validation)
     */
    public SquareSource(int n, int batchSize, int size, long seed, boolean shuffle) {
        this.n = n;
        this.batchSize = batchSize;
        this.size = size;
        this.shuffle = shuffle;
        this.seed = seed;
        images = new byte[n][];
        masks = new byte[n][];
        for (int i = 0; i < n; i++) {
            images[i] = new byte[3 * size * size];
            masks[i] = new byte[size * size];
            render(new SplittableRandom(seed * 1_000_003L + i), i % 5 != 4, images[i], masks[i], size);
        }
    }

    /**
     * Draws one slice.
     *
     * @param rng the slice's generator
     * @param withSquare whether to draw a square
     * @param image 3×S×S output
     * @param mask S×S output
     * @param size S
     */
    public static void render(SplittableRandom rng, boolean withSquare, byte[] image, byte[] mask, int size) {
        int side = size / 4 + rng.nextInt(size / 4);
        int y0 = rng.nextInt(size - side);
        int x0 = rng.nextInt(size - side);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean in = withSquare && y >= y0 && y < y0 + side && x >= x0 && x < x0 + side;
                mask[y * size + x] = (byte) (in ? 1 : 0);
                for (int c = 0; c < 3; c++) {
                    int v = (in ? 190 : 50) + rng.nextInt(41) - 20;
                    image[c * size * size + y * size + x] = (byte) v;
                }
            }
        }
    }

    /**
     * Returns slice {@code i}'s image, 3×S×S uint8 values.
     *
     * @param i the slice
     * @return the bytes
     */
    public byte[] image(int i) {
        return images[i];
    }

    /**
     * Returns slice {@code i}'s mask, S×S in {0, 1}.
     *
     * @param i the slice
     * @return the bytes
     */
    public byte[] mask(int i) {
        return masks[i];
    }

    /**
     * Returns the image side.
     *
     * @return S
     */
    public int size() {
        return size;
    }

    @Override
    public int getNumSamples() {
        return n;
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }

    @Override
    public int getNumBatches() {
        return (n + batchSize - 1) / batchSize;
    }

    @Override
    public BatchIterator epoch(NDManager parent, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(seed ^ (0x5DEECE66DL * (epoch + 1)));
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return new BatchIterator() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public SampleBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int m = Math.min(batchSize, n - next);
                List<SliceId> ids = new ArrayList<>();
                ByteBuffer img = ByteBuffer.allocate(m * 3 * size * size);
                ByteBuffer msk = ByteBuffer.allocate(m * size * size);
                for (int k = 0; k < m; k++) {
                    int i = order[next + k];
                    ids.add(new SliceId("P" + (i / 8), i % 8 + 1));
                    img.put(images[i]);
                    msk.put(masks[i]);
                }
                img.flip();
                msk.flip();
                next += m;
                SampleBatch batch = SampleBatch.of(parent, ids);
                NDManager bm = batch.getManager();
                batch.set(SampleBatch.IMAGE, bm.create(img, new Shape(m, 3, size, size), DataType.UINT8));
                batch.set(SampleBatch.MASK, bm.create(msk, new Shape(m, 1, size, size), DataType.UINT8));
                return batch;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public String toString() {
        return "SquareSource(n=" + n + ", size=" + size + ", seed=" + seed + ")";
    }
}
