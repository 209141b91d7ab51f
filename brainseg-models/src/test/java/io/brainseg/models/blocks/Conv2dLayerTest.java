package io.brainseg.models.blocks;

import static io.brainseg.models.blocks.ConvTranspose2dTest.assertClose;
import static io.brainseg.models.blocks.ConvTranspose2dTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conv2dLayer against a direct loop, values (training and inference) and gradients, at batch 4
 * (libtorch's oneDNN path) and channel counts that are and are not multiples of oneDNN's channel block.
 */
class Conv2dLayerTest {

    @ParameterizedTest(name = "in={0} out={1} k={2} s={3} p={4} {5}×{5}")
    @CsvSource({
        "3,1,3,1,1,9",
        "2,4,3,1,1,8",
        "3,8,2,1,0,7",
        "4,16,3,2,1,9",
        "1,1,3,1,1,12",
        "5,3,1,1,0,6",
        "17,9,3,1,1,8",
        "24,12,3,1,1,8",
        "33,1,3,1,1,8",
        "48,24,3,2,1,8",
        "12,24,3,2,1,8"
    })
    void valuesAndGradientsMatchDirectDefinition(int in, int out, int k, int s, int p, int hw) {
        int n = 4;
        int ho = (hw + 2 * p - k) / s + 1;
        Conv2dLayer block = Conv2dLayer.builder()
                .setInChannels(in)
                .setOutChannels(out)
                .setKernelSize(k)
                .optStride(s)
                .optPadding(p)
                .build();
        Random rnd = new Random(3);
        float[] x = random(rnd, n * in * hw * hw);
        float[] g = random(rnd, n * out * ho * ho);
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(n, in, hw, hw));
            NDArray weight = block.getParameters().get("weight").getArray();
            NDArray bias = block.getParameters().get("bias").getArray();
            bias.addi(m.create(random(rnd, out)));
            float[] w = weight.toFloatArray();
            float[] b = bias.toFloatArray();
            for (Parameter param : block.getParameters().values()) {
                param.getArray().setRequiresGradient(true);
            }
            try (NDManager step = m.newSubManager()) {
                NDArray xa = step.create(x, new Shape(n, in, hw, hw));
                xa.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    y = block.forward(new ParameterStore(step, false), new NDList(xa), true)
                            .singletonOrThrow();
                    gc.backward(y.mul(step.create(g, new Shape(n, out, ho, ho))).sum());
                }
                assertThat(y.getShape()).isEqualTo(new Shape(n, out, ho, ho));
                double[] ey = new double[n * out * ho * ho];
                double[] dx = new double[x.length];
                double[] dw = new double[w.length];
                double[] db = new double[out];
                for (int nn = 0; nn < n; nn++) {
                    for (int o = 0; o < out; o++) {
                        for (int i = 0; i < ho; i++) {
                            for (int j = 0; j < ho; j++) {
                                int yi = ((nn * out + o) * ho + i) * ho + j;
                                ey[yi] = b[o];
                                db[o] += g[yi];
                                for (int c = 0; c < in; c++) {
                                    for (int a = 0; a < k; a++) {
                                        for (int bb = 0; bb < k; bb++) {
                                            int r = i * s - p + a;
                                            int q = j * s - p + bb;
                                            if (r < 0 || r >= hw || q < 0 || q >= hw) {
                                                continue;
                                            }
                                            int xi = ((nn * in + c) * hw + r) * hw + q;
                                            int wi = ((o * in + c) * k + a) * k + bb;
                                            ey[yi] += x[xi] * w[wi];
                                            dx[xi] += g[yi] * w[wi];
                                            dw[wi] += g[yi] * x[xi];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                assertClose("output", y.toFloatArray(), toFloat(ey));
                assertClose("input gradient", xa.getGradient().toFloatArray(), toFloat(dx));
                assertClose("weight gradient", weight.getGradient().toFloatArray(), toFloat(dw));
                assertClose("bias gradient", bias.getGradient().toFloatArray(), toFloat(db));
                // Inference skips the filter padding; its values must not change.
                NDArray inferred = block.forward(new ParameterStore(step, false), new NDList(xa), false)
                        .singletonOrThrow();
                assertClose("inference output", inferred.toFloatArray(), toFloat(ey));
            }
        }
    }

    private static float[] toFloat(double[] d) {
        return ConvTranspose2dTest.Reference.toFloat(d);
    }
}
