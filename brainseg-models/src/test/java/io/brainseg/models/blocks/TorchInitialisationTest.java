package io.brainseg.models.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolutions start like PyTorch's (and so MONAI's): weights and bias uniform in
 * ±1/√fan_in, fan_in = C_in·k² for a convolution and C_out·k² for a transposed one.
 */
class TorchInitialisationTest {

    @ParameterizedTest(name = "{0} {1}->{2} k{3}")
    @CsvSource({"conv, 3, 16, 3", "conv, 64, 32, 1", "transposed, 64, 32, 3", "transposed, 32, 1, 3"})
    void weightsAndBiasAreUniformWithinOneOverRootFanIn(String kind, int in, int out, int k) {
        boolean transposed = "transposed".equals(kind);
        AbstractBlock block = transposed
                ? ConvTranspose2d.builder()
                        .setInChannels(in)
                        .setOutChannels(out)
                        .setKernelSize(k)
                        .optStride(2)
                        .optPadding(1)
                        .optOutputPadding(1)
                        .build()
                : Conv2dLayer.builder()
                        .setInChannels(in)
                        .setOutChannels(out)
                        .setKernelSize(k)
                        .optPadding(k / 2)
                        .build();
        double bound = 1 / Math.sqrt((double) (transposed ? out : in) * k * k);
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(2, in, 8, 8));
            float[] w = block.getParameters().get("weight").getArray().toFloatArray();
            float[] b = block.getParameters().get("bias").getArray().toFloatArray();
            for (float[] values : new float[][] {w, b}) {
                double max = 0;
                double sumSq = 0;
                for (float v : values) {
                    max = Math.max(max, Math.abs(v));
                    sumSq += (double) v * v;
                }
                assertThat(max).isLessThanOrEqualTo(bound);
                if (values.length >= 16) {
                    assertThat(max).isGreaterThan(bound * 0.8);
                }
                if (values.length >= 1000) {
                    // a uniform on ±bound has standard deviation bound/√3
                    assertThat(Math.sqrt(sumSq / values.length)).isCloseTo(bound / Math.sqrt(3), within(bound * 0.05));
                }
            }
        }
    }
}
