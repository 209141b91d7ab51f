package io.brainseg.core.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer against an independent scalar float64 implementation of torch.optim's update
 * rule, and the state's encoding: a state decoded half-way continues exactly like the original.
 */
class ResumableOptimizerTest {

    private static final double[] W0 = {1.0, -2.0, 0.5};
    private static final double[][] GRADS = {{0.5, -0.25, 0.0}, {0.125, 0.5, -1.0}, {-0.75, 0.25, 2.0}, {0.3, -0.6, 0.1}
    };
    private static final double[] LRS = {0.1, 0.05, 0.025, 0.02};

    /** A scalar reference of one optimizer, stepping all weights with double precision. */
    private interface Reference {
        void step(double[] w, double[] g, double lr, int t);
    }

    /** torch.optim.Adam / AdamW, written from the papers' formulas. */
    private static Reference adam(boolean decoupled, double wd) {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] m = new double[W0.length];
        double[] v = new double[W0.length];
        return (w, g, lr, t) -> {
            for (int i = 0; i < w.length; i++) {
                double gi = g[i];
                if (decoupled) {
                    w[i] *= 1 - lr * wd;
                } else {
                    gi += wd * w[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                double mhat = m[i] / (1 - Math.pow(b1, t));
                double vhat = v[i] / (1 - Math.pow(b2, t));
                w[i] -= lr * mhat / (Math.sqrt(vhat) + eps);
            }
        };
    }

    /** torch.optim.SGD, as its documentation's pseudo-code states it. */
    private static Reference sgd(double mu, double tau, boolean nesterov, double wd) {
        double[] b = new double[W0.length];
        return (w, g, lr, t) -> {
            for (int i = 0; i < w.length; i++) {
                double gi = g[i] + wd * w[i];
                if (mu != 0) {
                    b[i] = t == 1 ? gi : mu * b[i] + (1 - tau) * gi;
                    gi = nesterov ? gi + mu * b[i] : b[i];
                }
                w[i] -= lr * gi;
            }
        };
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(
                        "AdamW", ResumableAdamW.builder().optWeightDecay(0.01).build(), adam(true, 0.01)),
                Arguments.of(
                        "Adam", ResumableAdam.builder().optWeightDecay(0.01).build(), adam(false, 0.01)),
                Arguments.of("SGD", ResumableSgd.builder().build(), sgd(0, 0, false, 0)),
                Arguments.of(
                        "SGD momentum+dampening",
                        ResumableSgd.builder()
                                .optMomentum(0.9)
                                .optDampening(0.1)
                                .optWeightDecay(0.05)
                                .build(),
                        sgd(0.9, 0.1, false, 0.05)),
                Arguments.of(
                        "SGD Nesterov",
                        ResumableSgd.builder()
                                .optMomentum(0.8)
                                .optNesterov(true)
                                .build(),
                        sgd(0.8, 0, true, 0)));
    }

    private static NDArray floats(NDManager m, double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return m.create(f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void fourStepsMatchTheFloat64ReferenceRule(String name, ResumableOptimizer opt, Reference ref) {
        double[] expected = W0.clone();
        for (int t = 1; t <= GRADS.length; t++) {
            ref.step(expected, GRADS[t - 1], LRS[t - 1], t);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = floats(m, W0);
            NDList weights = new NDList(w);
            OptimizerState state = opt.newState(m.newSubManager(), weights);
            for (int t = 0; t < GRADS.length; t++) {
                try (NDManager step = m.newSubManager()) {
                    state.update(weights, new NDList(floats(step, GRADS[t])), LRS[t], step);
                }
            }
            assertThat(state.getStep()).isEqualTo(4);
            float[] actual = w.toFloatArray();
            for (int i = 0; i < W0.length; i++) {
                assertThat((double) actual[i]).as("%s weight %d", name, i).isCloseTo(expected[i], within(1e-5));
            }
            // The update moved every weight that had a gradient: the test can fail.
            assertThat(actual[0]).isNotEqualTo((float) W0[0]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aStateDecodedAfterTwoStepsContinuesBitForBit(String name, ResumableOptimizer opt, Reference unused) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray straight = floats(m, W0);
            NDArray resumed = floats(m, W0);
            NDList a = new NDList(straight);
            NDList b = new NDList(resumed);
            OptimizerState sa = opt.newState(m.newSubManager(), a);
            OptimizerState sb = opt.newState(m.newSubManager(), b);
            for (int t = 0; t < GRADS.length; t++) {
                if (t == 2) {
                    // "Checkpoint" sb: encode, then continue with a decoded copy on a new manager.
                    sb = opt.decodeState(m.newSubManager(), b, sb.encode(), sb.getStep());
                    assertThat(sb.getStep()).isEqualTo(2);
                }
                try (NDManager step = m.newSubManager()) {
                    sa.update(a, new NDList(floats(step, GRADS[t])), LRS[t], step);
                    sb.update(b, new NDList(floats(step, GRADS[t])), LRS[t], step);
                }
            }
            assertThat(resumed.toFloatArray()).as(name).containsExactly(straight.toFloatArray());
            assertThat(sb.encode()).isEqualTo(sa.encode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void truncatedOrMismatchedStateIsRefusedWithTheReason(String name, ResumableOptimizer opt, Reference unused) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList weights = new NDList(floats(m, W0));
            byte[] full = opt.newState(m, weights).encode();
            byte[] truncated = Arrays.copyOf(full, full.length / 2);
            assertThatThrownBy(() -> opt.decodeState(m, weights, truncated, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("truncated or corrupt");
            NDList other = new NDList(m.create(new float[] {1f, 2f}));
            assertThatThrownBy(() -> opt.decodeState(m, other, full, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("but the weight is");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void jsonDescriptionRoundTrips(String name, ResumableOptimizer opt, Reference unused) {
        ResumableOptimizer back = ResumableOptimizer.fromJson(opt.toJson());
        assertThat(back.getClass()).isEqualTo(opt.getClass());
        assertThat(back.toJson()).isEqualTo(opt.toJson());
    }

    @Test
    void buildersRejectOutOfRangeSettingsNamingThem() {
        assertThatThrownBy(() -> ResumableAdamW.builder().optWeightDecay(-1).build())
                .hasMessageContaining("weightDecay")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> ResumableAdam.builder().optBetas(1, 0.9).build())
                .hasMessageContaining("beta1");
        assertThatThrownBy(() -> ResumableSgd.builder().optMomentum(1.5).build())
                .hasMessageContaining("momentum")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> ResumableSgd.builder().optNesterov(true).build())
                .hasMessageContaining("nesterov");
        assertThatThrownBy(() -> ResumableOptimizer.fromJson(new com.google.gson.JsonObject()))
                .hasMessageContaining("unknown optimizer type");
    }

    @Test
    void defaultsArePyTorchs() {
        assertThat(ResumableAdamW.builder().build().getWeightDecay()).isEqualTo(0.01);
        assertThat(ResumableAdam.builder().build().getWeightDecay()).isZero();
        assertThat(ResumableSgd.builder().build().getMomentum()).isZero();
        assertThat(ResumableAdamW.builder().build().toJson().get("beta2").getAsDouble())
                .isEqualTo(0.999);
    }
}
