package io.brainseg.tune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import java.util.random.RandomGenerator;

/**
 * Budget mode's reduced resolution: keeps every {@code factor}-th row and column of the image and
 * the mask ({@code N×C×H×W → N×C×⌈H/f⌉×⌈W/f⌉}, nearest neighbour, so the mask stays binary). Put it
 * after the crop of both the training and the validation pipeline, so trials train and are scored at
 * the reduced size; the re-training of the best configurations leaves it out.
 */
public final class Downsample implements BatchTransform {

    private final int factor;

    /**
     * Creates the transform.
     *
     * @param factor the stride, at least 1 (1 changes nothing)
     * @throws IllegalArgumentException if the factor is below 1
     */
    public Downsample(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("downsample factor must be >= 1, got " + factor);
        }
        this.factor = factor;
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        if (factor == 1) {
            return;
        }
        NDIndex stride = new NDIndex(":, :, ::" + factor + ", ::" + factor);
        for (String key : new String[] {SampleBatch.IMAGE, SampleBatch.MASK}) {
            if (batch.contains(key)) {
                NDArray a = batch.get(key);
                batch.set(key, a.get(stride));
            }
        }
    }
}
