package io.brainseg.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.brainseg.core.testing.GcChurn;
import java.lang.ref.Reference;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScalarsTest {

    private static final float[] X = {1f, -2f, 3.5f, -4f};

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT32", "FLOAT64", "INT32"})
    void holdsTheValueWithTheDataTypeDeviceAndManagerOfTheArray(DataType type) {
        try (NDManager m = NDManager.newBaseManager();
                NDManager sub = m.newSubManager()) {
            NDArray like = sub.zeros(new Shape(2, 2), type);
            NDArray s = Scalars.like(like, 3);
            assertThat(s.getShape()).isEqualTo(new Shape());
            assertThat(s.getDataType()).isEqualTo(type);
            assertThat(s.getDevice()).isEqualTo(like.getDevice());
            assertThat(s.getManager()).isSameAs(sub);
            assertThat(s.toType(DataType.FLOAT64, false).getDouble()).isEqualTo(3.0);
        }
    }

    static Stream<Arguments> savedOperandOps() {
        // each op saves its scalar operand for backward; expected d/dx of sum(op(x, 3))
        return Stream.of(
                Arguments.of("mul", (BiFunction<NDArray, NDArray, NDArray>) NDArray::mul, new float[] {3, 3, 3, 3}),
                Arguments.of("div", (BiFunction<NDArray, NDArray, NDArray>) NDArray::div, new float[] {
                    1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f
                }),
                Arguments.of(
                        "pow", (BiFunction<NDArray, NDArray, NDArray>) NDArray::pow, new float[] {3, 12, 36.75f, 48}),
                Arguments.of(
                        "minimum", (BiFunction<NDArray, NDArray, NDArray>) NDArray::minimum, new float[] {1, 1, 0, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("savedOperandOps")
    void keepsGradientsRightWhenTheCollectorRunsBetweenForwardAndBackward(
            String op, BiFunction<NDArray, NDArray, NDArray> f, float[] expected) {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 3; trial++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(X);
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = f.apply(x, Scalars.like(x, 3)).sum();
                        Object keep = GcChurn.freeAndReuseDirectMemory();
                        gc.backward(y);
                        Reference.reachabilityFence(keep);
                    }
                    assertThat(x.getGradient().toFloatArray())
                            .as("%s, trial %d", op, trial)
                            .containsExactly(expected, within(1e-5f));
                }
            }
        }
    }
}
