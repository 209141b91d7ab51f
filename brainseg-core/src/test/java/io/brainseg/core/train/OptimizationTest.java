package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AdamW / Adam updates against an independent scalar double implementation, and clipping. */
class OptimizationTest {

    /** Reference: the update rules of the AdamW paper / torch.optim, in double precision. */
    private static double[] reference(boolean decoupled, double wd, double[] w, double[][] grads, double[] lrs) {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] x = w.clone();
        for (int t = 1; t <= grads.length; t++) {
            double lr = lrs[t - 1];
            for (int i = 0; i < x.length; i++) {
                double g = grads[t - 1][i];
                if (decoupled) {
                    x[i] *= 1 - lr * wd;
                } else {
                    g += wd * x[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mhat = m[i] / (1 - Math.pow(b1, t));
                double vhat = v[i] / (1 - Math.pow(b2, t));
                x[i] -= lr * mhat / (Math.sqrt(vhat) + eps);
            }
        }
        return x;
    }

    @ParameterizedTest(name = "decoupled={0}")
    @ValueSource(booleans = {true, false})
    void threeStepsMatchTheReferenceUpdateRule(boolean decoupled) {
        double[] w0 = {1.0, -2.0, 0.5};
        double[][] grads = {{0.5, -0.25, 0.0}, {0.125, 0.5, -1.0}, {-0.75, 0.25, 2.0}};
        double[] lrs = {0.1, 0.05, 0.025};
        double wd = 0.01;
        AdamW opt = (decoupled ? AdamW.builder() : AdamW.adam()).optWeightDecay(wd).build();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -2f, 0.5f});
            NDList weights = new NDList(w);
            AdamW.State state = opt.newState(m.newSubManager(), weights);
            for (int t = 0; t < grads.length; t++) {
                try (NDManager step = m.newSubManager()) {
                    float[] g = new float[3];
                    for (int i = 0; i < 3; i++) {
                        g[i] = (float) grads[t][i];
                    }
                    state.update(weights, new NDList(step.create(g)), lrs[t], step);
                }
            }
            assertThat(state.getStep()).isEqualTo(3);
            double[] expected = reference(decoupled, wd, w0, grads, lrs);
            float[] actual = w.toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertThat((double) actual[i]).as("weight %d", i).isCloseTo(expected[i], within(1e-5));
            }
        }
    }

    @Test
    void stateRoundTripsThroughItsEncoding() {
        AdamW opt = AdamW.builder().build();
        try (NDManager m = NDManager.newBaseManager()) {
            NDList weights = new NDList(m.create(new float[] {1f, 2f}), m.create(new float[][] {{3f}}));
            AdamW.State state = opt.newState(m, weights);
            state.update(weights, new NDList(m.create(new float[] {0.5f, -1f}), m.create(new float[][] {{2f}})), 0.1, m);
            AdamW.State copy = opt.decodeState(m, weights, state.encode(), state.getStep());
            assertThat(copy.encode()).isEqualTo(state.encode());
            assertThat(copy.getStep()).isEqualTo(1);
        }
    }

    @Test
    void clippingScalesAllGradientsToTheGlobalNormOnlyWhenAbove() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Global norm of (3, 4) and (12) is 13.
            NDList grads = new NDList(m.create(new float[] {3f, 4f}), m.create(new float[] {12f}));
            TrainingLoop.clipGlobalNorm(grads, 0.5);
            assertThat(grads.get(0).toFloatArray()).containsExactly(new float[] {3f * 0.5f / 13, 4f * 0.5f / 13},
                    org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(grads.get(1).getFloat(0)).isCloseTo(12f * 0.5f / 13, org.assertj.core.data.Offset.offset(1e-6f));
            NDList small = new NDList(m.create(new float[] {0.1f, 0.2f}));
            TrainingLoop.clipGlobalNorm(small, 0.5);
            assertThat(small.get(0).toFloatArray()).containsExactly(0.1f, 0.2f);
        }
    }

    @Test
    void builderRejectsOutOfRangeSettings() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdamW.builder().optWeightDecay(-1).build())
                .hasMessageContaining("weightDecay").hasMessageContaining("-1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdamW.builder().optBetas(1, 0.9).build())
                .hasMessageContaining("beta1");
    }
}
