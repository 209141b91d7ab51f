package io.brainseg.transforms.intensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.transforms.BatchFixtures;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScaleIntensityRangeTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    @Test
    void mapsUint8ImageOnto0To1AsFloat32() {
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 2, 8, 8, 1)) {
            float[] raw = batch.get("image").toType(DataType.FLOAT32, false).toFloatArray();
            ScaleIntensityRange.builder().setRange(0, 255, 0, 1).build().apply(batch, new SplittableRandom(0));
            assertThat(batch.get("image").getDataType()).isEqualTo(DataType.FLOAT32);
            float[] out = batch.get("image").toFloatArray();
            for (int i = 0; i < raw.length; i++) {
                assertThat(out[i]).isCloseTo(raw[i] / 255f, within(1e-6f));
            }
        }
    }

    @Test
    void clipLimitsTheOutputRange() {
        float[] sample = {-10, 0, 5, 10, 20, 30};
        try (SampleBatch batch = BatchFixtures.copies(MANAGER.get(), "image", sample, new long[] {1, 2, 3}, 1)) {
            ScaleIntensityRange.builder()
                    .setRange(0, 10, -1, 1)
                    .optClip(true)
                    .build()
                    .apply(batch, new SplittableRandom(0));
            assertThat(batch.get("image").toFloatArray()).containsExactly(-1, -1, 0, 1, 1, 1);
        }
    }

    @Test
    void equalInputBoundsShiftLikeMonai() {
        float[] sample = {1, 2, 3, 4};
        try (SampleBatch batch = BatchFixtures.copies(MANAGER.get(), "image", sample, new long[] {1, 2, 2}, 1)) {
            ScaleIntensityRange.builder().setRange(2, 2, 10, 20).build().apply(batch, new SplittableRandom(0));
            assertThat(batch.get("image").toFloatArray()).containsExactly(9, 10, 11, 12);
        }
    }
}
