package io.brainseg.benchmarks.transforms;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * The input of the transform benchmarks: a uint8 batch as the loader serves it, RGB noise images
 * and masks with one 60×80 tumour rectangle per slice whose top-left corner is uniform in
 * [0, 128)² (so a 224 crop usually cuts it, as it does real tumours).
 */
final class RandomUint8Batch {

    private RandomUint8Batch() {}

    /**
     * Makes one batch. Draws the image bytes first, then two integers per slice, so a given
     * {@code random} gives the same batch every run.
     *
     * @param manager owns the two arrays
     * @param random the source of the pixels and rectangle positions
     * @param batch slices
     * @param size height and width, at least 208 (the rectangle must fit)
     * @return image (batch, 3, size, size) and mask (batch, 1, size, size) of 0/1, both uint8
     */
    static NDList create(NDManager manager, Random random, int batch, int size) {
        byte[] img = new byte[batch * 3 * size * size];
        random.nextBytes(img);
        byte[] mask = new byte[batch * size * size];
        for (int s = 0; s < batch; s++) {
            int r0 = random.nextInt(128);
            int c0 = random.nextInt(128);
            for (int y = r0; y < r0 + 60; y++) {
                for (int x = c0; x < c0 + 80; x++) {
                    mask[(s * size + y) * size + x] = 1;
                }
            }
        }
        return new NDList(
                manager.create(ByteBuffer.wrap(img), new Shape(batch, 3, size, size), DataType.UINT8),
                manager.create(ByteBuffer.wrap(mask), new Shape(batch, 1, size, size), DataType.UINT8));
    }
}
