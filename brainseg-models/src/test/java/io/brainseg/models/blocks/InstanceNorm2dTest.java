package io.brainseg.models.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstanceNorm2dTest {

    @Test
    void normalisesEachSampleAndChannelWithBiasedVarianceAndEps() {
        int n = 2;
        int c = 3;
        int h = 4;
        int w = 5;
        float[] x = new float[n * c * h * w];
        Random rnd = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 3 + 1);
        }
        InstanceNorm2d block = InstanceNorm2d.builder().setChannels(c).build();
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(n, c, h, w));
            float[] y = block.forward(
                            new ParameterStore(m, false), new NDList(m.create(x, new Shape(n, c, h, w))), true)
                    .singletonOrThrow()
                    .toFloatArray();
            int plane = h * w;
            for (int p = 0; p < n * c; p++) {
                double mean = 0;
                for (int i = 0; i < plane; i++) {
                    mean += x[p * plane + i];
                }
                mean /= plane;
                double var = 0;
                for (int i = 0; i < plane; i++) {
                    var += (x[p * plane + i] - mean) * (x[p * plane + i] - mean);
                }
                var /= plane;
                for (int i = 0; i < plane; i++) {
                    double expected = (x[p * plane + i] - mean) / Math.sqrt(var + 1e-5);
                    assertThat(y[p * plane + i]).isCloseTo((float) expected, within(1e-5f));
                }
            }
        }
    }

    @Test
    void withoutAffineHasNoParametersAndWithAffineHasTwoPerChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            InstanceNorm2d plain = InstanceNorm2d.builder().setChannels(8).build();
            plain.initialize(m, DataType.FLOAT32, new Shape(1, 8, 4, 4));
            assertThat(plain.getParameters().size()).isZero();
            InstanceNorm2d affine =
                    InstanceNorm2d.builder().setChannels(8).optAffine(true).build();
            affine.initialize(m, DataType.FLOAT32, new Shape(1, 8, 4, 4));
            assertThat(affine.getParameters().values().stream()
                            .mapToLong(p -> p.getArray().size())
                            .sum())
                    .isEqualTo(16);
        }
    }

    @Test
    void affineScaleAndShiftApplyPerChannel() {
        InstanceNorm2d block =
                InstanceNorm2d.builder().setChannels(2).optAffine(true).build();
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2, 1, 2));
            block.getParameters().get("gamma").getArray().set(new float[] {2, 3});
            block.getParameters().get("beta").getArray().set(new float[] {10, 20});
            NDArray x = m.create(new float[] {0, 2, 5, 1}, new Shape(1, 2, 1, 2));
            float[] y = block.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
            float unit = (float) (1 / Math.sqrt(1 + 1e-5)); // each plane normalises to ∓1·unit
            float unit2 = (float) (2 / Math.sqrt(4 + 1e-5));
            assertThat(y)
                    .containsExactly(
                            new float[] {10 - 2 * unit, 10 + 2 * unit, 20 + 3 * unit2, 20 - 3 * unit2}, within(1e-5f));
        }
    }

    @Test
    void rejectsAWrongChannelCountNamingTheShape() {
        InstanceNorm2d block = InstanceNorm2d.builder().setChannels(3).build();
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 2, 2));
            assertThatThrownBy(() -> block.forward(
                            new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 4, 2, 2))), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(1, 4, 2, 2)");
        }
        assertThatThrownBy(() -> InstanceNorm2d.builder().build()).hasMessageContaining("channels = -1");
    }
}
