package io.brainseg.models.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.brainseg.models.blocks.ConvTranspose2d.Algorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ConvTranspose2d against a direct loop implementation of PyTorch's definition, values and gradients. */
class ConvTranspose2dTest {

    record Setting(int in, int out, int k, int s, int p, int op, boolean bias, int h, int w) {
        int outH() {
            return (h - 1) * s - 2 * p + k + op;
        }

        int outW() {
            return (w - 1) * s - 2 * p + k + op;
        }
    }

    static Stream<Arguments> settings() {
        List<Setting> all = List.of(
                new Setting(3, 2, 3, 2, 1, 1, true, 5, 4), // MONAI's up-sampling: k3 s2 p1 op1
                new Setting(2, 3, 3, 1, 1, 0, true, 4, 5),
                new Setting(2, 2, 4, 2, 1, 0, false, 3, 3),
                new Setting(3, 2, 3, 3, 0, 2, true, 3, 4),
                new Setting(1, 2, 5, 2, 2, 1, true, 4, 4),
                new Setting(2, 1, 2, 2, 0, 0, true, 3, 3),
                new Setting(2, 2, 1, 2, 0, 1, true, 3, 2));
        List<Arguments> out = new ArrayList<>();
        for (Setting s : all) {
            for (Algorithm a : Algorithm.values()) {
                out.add(Arguments.of(s, a));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("settings")
    void valuesAndGradientsMatchDirectDefinition(Setting st, Algorithm algorithm) {
        // Batch 2 sends libtorch's convolution to oneDNN, whose input gradients need the filter padding on an affected
        // machine (ConvPadding).
        int n = 2;
        ConvTranspose2d block = ConvTranspose2d.builder()
                .setInChannels(st.in)
                .setOutChannels(st.out)
                .setKernelSize(st.k)
                .optStride(st.s)
                .optPadding(st.p)
                .optOutputPadding(st.op)
                .optBias(st.bias)
                .optAlgorithm(algorithm)
                .build();
        Random rnd = new Random(42);
        float[] x = random(rnd, n * st.in * st.h * st.w);
        float[] g = random(rnd, n * st.out * st.outH() * st.outW());
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(n, st.in, st.h, st.w));
            NDArray weight = block.getParameters().get("weight").getArray();
            // Non-zero biases so the bias path is checked too.
            if (st.bias) {
                block.getParameters().get("bias").getArray().addi(m.create(random(rnd, st.out)));
            }
            float[] w = weight.toFloatArray();
            float[] b = st.bias ? block.getParameters().get("bias").getArray().toFloatArray() : new float[st.out];
            for (Parameter p : block.getParameters().values()) {
                p.getArray().setRequiresGradient(true);
            }
            try (NDManager step = m.newSubManager()) {
                NDArray xa = step.create(x, new Shape(n, st.in, st.h, st.w));
                xa.setRequiresGradient(true);
                NDArray ga = step.create(g, new Shape(n, st.out, st.outH(), st.outW()));
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    y = block.forward(new ParameterStore(step, false), new NDList(xa), true)
                            .singletonOrThrow();
                    gc.backward(y.mul(ga).sum());
                }
                assertThat(y.getShape()).isEqualTo(new Shape(n, st.out, st.outH(), st.outW()));
                Reference ref = new Reference(st, n, x, w, b, g);
                assertClose("output", y.toFloatArray(), ref.forward());
                assertClose("input gradient", xa.getGradient().toFloatArray(), ref.gradInput());
                assertClose("weight gradient", weight.getGradient().toFloatArray(), ref.gradWeight());
                if (st.bias) {
                    assertClose(
                            "bias gradient",
                            block.getParameters()
                                    .get("bias")
                                    .getArray()
                                    .getGradient()
                                    .toFloatArray(),
                            ref.gradBias());
                }
                // Inference skips the filter padding; its values must not change.
                NDArray inferred = block.forward(new ParameterStore(step, false), new NDList(xa), false)
                        .singletonOrThrow();
                assertClose("inference output", inferred.toFloatArray(), ref.forward());
            }
        }
    }

    static Stream<Arguments> algorithmsKernelsAndModes() {
        List<Arguments> out = new ArrayList<>();
        for (Algorithm a : Algorithm.values()) {
            for (int k : new int[] {3, 1}) { // k=1, s=2: phases no tap reaches, the bias alone
                for (boolean training : new boolean[] {true, false}) {
                    out.add(Arguments.of(a, k, training));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} k={1} training={2}")
    @MethodSource("algorithmsKernelsAndModes")
    void derivedWeightsAreFreedWithTheStepNotKeptOnTheModelManager(Algorithm algorithm, int k, boolean training) {
        ConvTranspose2d block = ConvTranspose2d.builder()
                .setInChannels(4)
                .setOutChannels(2)
                .setKernelSize(k)
                .optStride(2)
                .optPadding(k / 2)
                .optOutputPadding(1)
                .optAlgorithm(algorithm)
                .build();
        try (NDManager model = NDManager.newBaseManager()) {
            block.initialize(model, DataType.FLOAT32, new Shape(1, 4, 4, 4));
            int before = model.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager step = model.newSubManager()) {
                    NDArray x = step.ones(new Shape(1, 4, 4, 4));
                    block.forward(new ParameterStore(step, false), new NDList(x), training);
                }
            }
            assertThat(model.getManagedArrays()).hasSize(before);
        }
    }

    @Test
    void invalidSettingsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> ConvTranspose2d.builder()
                        .setInChannels(2)
                        .setOutChannels(2)
                        .setKernelSize(3)
                        .optStride(2)
                        .optOutputPadding(2)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outputPadding = 2");
        assertThatThrownBy(() -> ConvTranspose2d.builder()
                        .setOutChannels(2)
                        .setKernelSize(3)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inChannels = -1");
    }

    /**
     * Float32 against a double reference: 1e-5 absolute plus 2e-6 relative, a few hundred float32
     * roundings (6e-8 each) of sums over up to a few hundred products; the engine defect gives
     * errors of 1e-2 and more.
     */
    static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i])
                    .as("%s, element %d", what, i)
                    .isCloseTo(expected[i], within(1e-5f + 2e-6f * Math.abs(expected[i])));
        }
    }

    static float[] random(Random rnd, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** PyTorch's transposed convolution and its gradients for loss = Σ y·G, in plain loops. */
    record Reference(Setting st, int n, float[] x, float[] w, float[] b, float[] g) {

        interface Tap {
            void visit(int nn, int c, int p, int q, int o, int a, int bb, int i, int j);
        }

        void forEachTap(Tap tap) {
            for (int nn = 0; nn < n; nn++) {
                for (int c = 0; c < st.in; c++) {
                    for (int p = 0; p < st.h; p++) {
                        for (int q = 0; q < st.w; q++) {
                            for (int o = 0; o < st.out; o++) {
                                for (int a = 0; a < st.k; a++) {
                                    for (int bb = 0; bb < st.k; bb++) {
                                        int i = p * st.s - st.p + a;
                                        int j = q * st.s - st.p + bb;
                                        if (i >= 0 && i < st.outH() && j >= 0 && j < st.outW()) {
                                            tap.visit(nn, c, p, q, o, a, bb, i, j);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        int xi(int nn, int c, int p, int q) {
            return ((nn * st.in + c) * st.h + p) * st.w + q;
        }

        int yi(int nn, int o, int i, int j) {
            return ((nn * st.out + o) * st.outH() + i) * st.outW() + j;
        }

        int wi(int c, int o, int a, int bb) {
            return ((c * st.out + o) * st.k + a) * st.k + bb;
        }

        float[] forward() {
            double[] y = new double[n * st.out * st.outH() * st.outW()];
            for (int idx = 0; idx < y.length; idx++) {
                y[idx] = b[(idx / (st.outH() * st.outW())) % st.out];
            }
            forEachTap((nn, c, p, q, o, a, bb, i, j) -> y[yi(nn, o, i, j)] += x[xi(nn, c, p, q)] * w[wi(c, o, a, bb)]);
            return toFloat(y);
        }

        float[] gradInput() {
            double[] d = new double[x.length];
            forEachTap((nn, c, p, q, o, a, bb, i, j) -> d[xi(nn, c, p, q)] += g[yi(nn, o, i, j)] * w[wi(c, o, a, bb)]);
            return toFloat(d);
        }

        float[] gradWeight() {
            double[] d = new double[w.length];
            forEachTap((nn, c, p, q, o, a, bb, i, j) -> d[wi(c, o, a, bb)] += x[xi(nn, c, p, q)] * g[yi(nn, o, i, j)]);
            return toFloat(d);
        }

        float[] gradBias() {
            double[] d = new double[st.out];
            for (int idx = 0; idx < g.length; idx++) {
                d[(idx / (st.outH() * st.outW())) % st.out] += g[idx];
            }
            return toFloat(d);
        }

        static float[] toFloat(double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
    }
}
