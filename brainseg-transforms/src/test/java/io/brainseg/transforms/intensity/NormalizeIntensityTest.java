package io.brainseg.transforms.intensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.transforms.BatchFixtures;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NormalizeIntensity against values computed by hand and by a float64 loop, for the settings where
 * MONAI's rule is easy to get wrong: a given subtrahend with a computed spread, and zero divisors.
 */
class NormalizeIntensityTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    @Test
    void givenSubtrahendDividesByTheSpreadAroundTheDataMean() {
        // MONAI: [1, 2, 3, 4] with subtrahend 0 -> x / std(x) = x / sqrt(1.25).
        float[] out = normalize(
                new float[] {1, 2, 3, 4},
                new long[] {1, 2, 2},
                NormalizeIntensity.builder().optSubtrahend(0).build());
        assertThat(out).containsExactly(new float[] {0.894427f, 1.788854f, 2.683282f, 3.577709f}, within(1e-6f));
    }

    @Test
    void givenSubtrahendPerChannelUsesEachChannelsOwnSpread() {
        float[] sample = {1, 2, 3, 4, 10, 10, 10, 30};
        float[] out = normalize(
                sample,
                new long[] {2, 2, 2},
                NormalizeIntensity.builder()
                        .optSubtrahend(1, 5)
                        .optChannelWise(true)
                        .build());
        double[] expected = new double[8];
        double[] sub = {1, 5};
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            for (int i = 0; i < 4; i++) {
                mean += sample[4 * c + i] / 4.0;
            }
            double var = 0;
            for (int i = 0; i < 4; i++) {
                var += (sample[4 * c + i] - mean) * (sample[4 * c + i] - mean) / 4.0;
            }
            for (int i = 0; i < 4; i++) {
                expected[4 * c + i] = (sample[4 * c + i] - sub[c]) / Math.sqrt(var);
            }
        }
        for (int i = 0; i < 8; i++) {
            assertThat((double) out[i]).as("value %d", i).isCloseTo(expected[i], within(1e-5));
        }
    }

    @Test
    void zeroDivisorDividesByOneAsInMonai() {
        float[] out = normalize(
                new float[] {1, 2, 3, 4},
                new long[] {1, 2, 2},
                NormalizeIntensity.builder().optSubtrahend(1).optDivisor(0).build());
        assertThat(out).containsExactly(0, 1, 2, 3);
    }

    @Test
    void zeroEntryOfPerChannelDivisorDividesThatChannelByOne() {
        float[] out = normalize(
                new float[] {1, 2, 3, 4, 6, 8},
                new long[] {2, 1, 3},
                NormalizeIntensity.builder()
                        .optSubtrahend(0, 0)
                        .optDivisor(0, 2)
                        .optChannelWise(true)
                        .build());
        assertThat(out).containsExactly(1, 2, 3, 2, 3, 4);
    }

    @Test
    void computedStatisticsStandardiseEachSample() {
        float[] out = normalize(
                new float[] {2, 4, 4, 4, 5, 5, 7, 9},
                new long[] {1, 2, 4},
                NormalizeIntensity.builder().build());
        // mean 5, population std 2 (the textbook example)
        assertThat(out).containsExactly(new float[] {-1.5f, -0.5f, -0.5f, -0.5f, 0, 0, 1, 2}, within(1e-6f));
    }

    private static float[] normalize(float[] sample, long[] shape, NormalizeIntensity transform) {
        try (SampleBatch batch = BatchFixtures.copies(MANAGER.get(), "image", sample, shape, 1)) {
            transform.apply(batch, new SplittableRandom(0));
            return batch.get("image").toFloatArray();
        }
    }
}
