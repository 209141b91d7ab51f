package io.brainseg.transforms;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import java.util.List;
import java.util.Random;

/** Builds test batches. */
public final class BatchFixtures {

    private BatchFixtures() {}

    /**
     * Returns a batch holding {@code copies} copies of one sample under {@code key}.
     *
     * @param manager the parent manager
     * @param key the key
     * @param sample the sample values, C·H·W
     * @param shape the sample shape (C, H, W)
     * @param copies the batch size
     * @return the batch
     */
    public static SampleBatch copies(NDManager manager, String key, float[] sample, long[] shape, int copies) {
        SampleBatch batch = SampleBatch.of(manager, List.of());
        float[] all = new float[sample.length * copies];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(sample, 0, all, i * sample.length, sample.length);
        }
        NDArray x = batch.getManager().create(all, new Shape(copies, shape[0], shape[1], shape[2]));
        batch.set(key, x);
        return batch;
    }

    /**
     * Returns a loader-like batch: UINT8 image {@code n×3×h×w} with random values 0..255 and a UINT8
     * mask {@code n×1×h×w} holding a random rectangle of ones per sample.
     *
     * @param manager the parent manager
     * @param n batch size
     * @param h rows
     * @param w columns
     * @param seed data seed
     * @return the batch
     */
    public static SampleBatch loaderLike(NDManager manager, int n, int h, int w, long seed) {
        Random r = new Random(seed);
        byte[] img = new byte[n * 3 * h * w];
        r.nextBytes(img);
        byte[] mask = new byte[n * h * w];
        for (int i = 0; i < n; i++) {
            int r0 = r.nextInt(h / 2);
            int c0 = r.nextInt(w / 2);
            int r1 = r0 + 1 + r.nextInt(h / 2);
            int c1 = c0 + 1 + r.nextInt(w / 2);
            for (int y = r0; y < r1; y++) {
                for (int x = c0; x < c1; x++) {
                    mask[(i * h + y) * w + x] = 1;
                }
            }
        }
        SampleBatch batch = SampleBatch.of(manager, List.of());
        NDManager m = batch.getManager();
        batch.set(SampleBatch.IMAGE, m.create(java.nio.ByteBuffer.wrap(img), new Shape(n, 3, h, w), DataType.UINT8));
        batch.set(SampleBatch.MASK, m.create(java.nio.ByteBuffer.wrap(mask), new Shape(n, 1, h, w), DataType.UINT8));
        return batch;
    }
}
