package io.brainseg.core.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import java.util.random.RandomGenerator;

/**
 * The predictor's default preprocessing, matching the training pipelines' first two steps
 * (CastToType(float32), ScaleIntensityRange(0, 255, 0, 1)): a {@code uint8} image becomes
 * {@code float32 x / 255}; a {@code float32} image is taken as already scaled and left unchanged.
 */
public final class ScaleToUnit implements BatchTransform {

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        NDArray x = batch.get(SampleBatch.IMAGE);
        if (x.getDataType() == DataType.FLOAT32) {
            return;
        }
        if (x.getDataType() != DataType.UINT8) {
            throw new IllegalArgumentException(
                    "image must be uint8 (0..255) or float32 (0..1), got " + x.getDataType() + " " + x.getShape());
        }
        batch.set(SampleBatch.IMAGE, x.toType(DataType.FLOAT32, false).divi(255f));
    }

    @Override
    public String toString() {
        return "ScaleToUnit(uint8 / 255)";
    }
}
