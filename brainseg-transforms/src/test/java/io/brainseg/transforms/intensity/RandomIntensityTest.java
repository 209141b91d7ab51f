package io.brainseg.transforms.intensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.BatchFixtures;
import io.brainseg.transforms.base.Backend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RandScaleIntensity, RandShiftIntensity and RandGaussianNoise: per-sample values from the caller's generator. */
class RandomIntensityTest {

    private static final int N = 8;

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    private static float[][] run(BatchTransform t, long seed) {
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), N, 16, 16, 1)) {
            float[] before = batch.get("image").toType(DataType.FLOAT32, false).toFloatArray();
            t.apply(batch, new SplittableRandom(seed));
            assertThat(batch.get("image").getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(batch.get("mask").getDataType()).isEqualTo(DataType.UINT8);
            return new float[][] {before, batch.get("image").toFloatArray()};
        }
    }

    @Test
    void randScaleIntensityMultipliesEachSelectedSampleByItsOwnFactor() {
        float[][] r =
                run(RandScaleIntensity.builder().setFactors(0.1).optProb(0.5).build(), 3);
        SplittableRandom draws = new SplittableRandom(3);
        int len = r[0].length / N;
        for (int i = 0; i < N; i++) {
            boolean on = draws.nextDouble() < 0.5;
            double f = -0.1 + 0.2 * draws.nextDouble();
            float scale = on ? (float) (1 + f) : 1f;
            for (int k = i * len; k < (i + 1) * len; k++) {
                assertThat(r[1][k]).isEqualTo(r[0][k] * scale);
            }
        }
    }

    @Test
    void randShiftIntensityAddsEachSelectedSampleItsOwnOffset() {
        float[][] r =
                run(RandShiftIntensity.builder().setOffsets(0.1).optProb(0.5).build(), 4);
        SplittableRandom draws = new SplittableRandom(4);
        int len = r[0].length / N;
        for (int i = 0; i < N; i++) {
            boolean on = draws.nextDouble() < 0.5;
            double o = -0.1 + 0.2 * draws.nextDouble();
            float shift = on ? (float) o : 0f;
            for (int k = i * len; k < (i + 1) * len; k++) {
                assertThat(r[1][k]).isEqualTo(r[0][k] + shift);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Backend.class,
            names = {"CPU_KERNEL", "NDARRAY"})
    void gaussianNoiseIsReproducibleAndPerSample(Backend backend) {
        BatchTransform noise = RandGaussianNoise.builder()
                .optStd(0.5)
                .optSampleStd(false)
                .optProb(0.5)
                .optBackend(backend)
                .build();
        float[][] a = run(noise, 10);
        float[][] b = run(noise, 10);
        float[][] c = run(noise, 11);
        assertThat(a[1]).containsExactly(b[1]);
        assertThat(a[1]).isNotEqualTo(c[1]);
        SplittableRandom draws = new SplittableRandom(10);
        int len = a[0].length / N;
        int noisy = 0;
        for (int i = 0; i < N; i++) {
            boolean on = draws.nextDouble() < 0.5;
            double sum = 0;
            double sq = 0;
            for (int k = i * len; k < (i + 1) * len; k++) {
                double d = a[1][k] - a[0][k];
                sum += d;
                sq += d * d;
            }
            if (on) {
                noisy++;
                double mean = sum / len;
                assertThat(Math.sqrt(sq / len - mean * mean))
                        .as("sample %d std", i)
                        .isCloseTo(0.5, within(0.06));
            } else {
                assertThat(sq).as("sample %d untouched", i).isZero();
            }
        }
        assertThat(noisy).isBetween(1, N - 1);
    }

    @Test
    void probabilityZeroLeavesTheBatchUnchanged() {
        float[][] r = run(RandGaussianNoise.builder().optProb(0).build(), 1);
        assertThat(r[1]).containsExactly(r[0]);
    }
}
