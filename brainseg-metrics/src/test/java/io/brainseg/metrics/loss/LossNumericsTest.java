package io.brainseg.metrics.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Numerical stability, gradients against finite differences, and input validation of the losses. */
class LossNumericsTest {

    private static NDManager root;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("DiceFocal default", (Supplier<DiceFocalLoss>)
                        () -> DiceFocalLoss.builder().build()),
                Arguments.of(
                        "DiceFocal squared+jaccard+alpha+batch", (Supplier<DiceFocalLoss>) () -> DiceFocalLoss.builder()
                                .optSquaredPred(true)
                                .optJaccard(true)
                                .optAlpha(0.25)
                                .optBatch(true)
                                .optGamma(0.5)
                                .optLambdaDice(0.7)
                                .build()),
                Arguments.of("DiceFocal sum", (Supplier<DiceFocalLoss>) () ->
                        DiceFocalLoss.builder().optReduction(LossReduction.SUM).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void logitsOfPlusMinus100GiveFiniteLossAndGradients(String name, Supplier<DiceFocalLoss> loss) {
        try (NDManager m = root.newSubManager()) {
            // every combination of a huge logit with a matching and a contradicting target
            NDArray x = m.create(new float[] {100, -100, 100, -100, 100, -100, 100, -100}, new Shape(2, 1, 2, 2));
            NDArray t = m.create(new float[] {1, 0, 0, 1, 0, 0, 1, 1}, new Shape(2, 1, 2, 2));
            x.setRequiresGradient(true);
            float value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.get().evaluate(new NDList(t), new NDList(x));
                value = l.getFloat();
                gc.backward(l);
            }
            float[] grad = x.getGradient().toFloatArray();
            assertThat(Float.isFinite(value)).as("loss %s", value).isTrue();
            assertThat(value).isGreaterThan(10f); // the contradicting pixels cost ~100 each
            for (float g : grad) {
                assertThat(Float.isFinite(g)).as("gradient %s", g).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void gradientMatchesCentralFiniteDifferences(String name, Supplier<DiceFocalLoss> loss) {
        try (NDManager m = root.newSubManager()) {
            double[] logits = {
                -1.5, 0.25, 2.0, -0.75, 0.5, 1.25, -2.0, 0.0, 3.0, -0.5, 0.75, -1.0, -0.25, 1.75, -3.0, 0.125, 1.0,
                -1.25
            };
            double[] target = {1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1};
            Shape shape = new Shape(2, 1, 3, 3);
            DiceFocalLoss l = loss.get();
            NDArray x = m.create(logits, shape);
            NDArray t = m.create(target, shape);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray value = l.loss(x, t);
                assertThat(value.getDataType()).isEqualTo(DataType.FLOAT64);
                gc.backward(value);
            }
            double[] grad = x.getGradient().toDoubleArray();
            double h = 1e-6;
            for (int i = 0; i < logits.length; i++) {
                double[] plus = logits.clone();
                double[] minus = logits.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (l.loss(m.create(plus, shape), t).getDouble()
                                - l.loss(m.create(minus, shape), t).getDouble())
                        / (2 * h);
                assertThat(grad[i]).as("d loss / d x[%d]", i).isCloseTo(fd, within(1e-6));
            }
        }
    }

    @Test
    void halfPrecisionInputIsComputedInFloat32() {
        try (NDManager m = root.newSubManager()) {
            NDArray x = m.create(new float[] {1, -1, 2, -2}, new Shape(1, 1, 2, 2));
            NDArray t = m.create(new float[] {1, 0, 1, 0}, new Shape(1, 1, 2, 2));
            DiceFocalLoss loss = DiceFocalLoss.builder().build();
            NDArray fromHalf = loss.loss(x.toType(DataType.FLOAT16, false), t);
            assertThat(fromHalf.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(fromHalf.getFloat()).isCloseTo(loss.loss(x, t).getFloat(), within(1e-6f));
        }
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        try (NDManager m = root.newSubManager()) {
            NDArray x = m.zeros(new Shape(2, 1, 4, 4));
            NDArray t = m.zeros(new Shape(2, 1, 4, 5));
            assertThatThrownBy(() -> DiceFocalLoss.builder().build().evaluate(new NDList(t), new NDList(x)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(2, 1, 4, 4)")
                    .hasMessageContaining("(2, 1, 4, 5)");
        }
    }

    @Test
    void builderRejectsInvalidSettingsNamingThem() {
        assertThatThrownBy(() -> DiceFocalLoss.builder().optLambdaDice(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambdaDice")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> FocalLoss.builder().optAlpha(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> DiceLoss.builder().optSmoothDr(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("smoothDr");
        assertThatThrownBy(() -> FocalLoss.builder().optGamma(-0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma");
    }

    @Test
    void lossLeavesNoIntermediateArraysOnTheInputManager() {
        try (NDManager m = root.newSubManager()) {
            NDArray x = m.randomNormal(new Shape(2, 1, 8, 8));
            NDArray t = m.randomUniform(0, 1, new Shape(2, 1, 8, 8)).gt(0.5f).toType(DataType.FLOAT32, false);
            int before = m.getManagedArrays().size();
            NDArray l = DiceFocalLoss.builder().build().loss(x, t);
            assertThat(m.getManagedArrays())
                    .as(m.getManagedArrays().toString())
                    .hasSize(before + 1)
                    .contains(l);
        }
    }
}
