package io.brainseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.metric.SegmentationMetric;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input is rejected with the shapes or the count of bad values, by every metric. */
class MetricInputsTest {

    private static NDManager root;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    static Stream<Arguments> metrics() {
        return Stream.of(
                Arguments.of("DiceMetric", (Supplier<SegmentationMetric>)
                        () -> DiceMetric.builder().build()),
                Arguments.of("MeanIoU", (Supplier<SegmentationMetric>)
                        () -> MeanIoU.builder().build()),
                Arguments.of("HausdorffDistance95", (Supplier<SegmentationMetric>) () ->
                        HausdorffDistance95.builder().optIncludeBackground(true).build()),
                Arguments.of("ConfusionCounts", (Supplier<SegmentationMetric>)
                        () -> ConfusionCounts.builder().build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void shapeMismatchNamesBothShapes(String name, Supplier<SegmentationMetric> metric) {
        try (NDManager m = root.newSubManager()) {
            NDArray p = m.zeros(new Shape(2, 1, 4, 4));
            NDArray t = m.zeros(new Shape(2, 1, 4, 3));
            assertThatThrownBy(() -> metric.get().update(p, t, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(2, 1, 4, 4)")
                    .hasMessageContaining("(2, 1, 4, 3)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void nanPredictionsAreCounted(String name, Supplier<SegmentationMetric> metric) {
        try (NDManager m = root.newSubManager()) {
            NDArray p = m.create(new float[] {Float.NaN, 1, Float.NaN, 0}, new Shape(1, 1, 2, 2));
            NDArray t = m.create(new float[] {1, 1, 0, 0}, new Shape(1, 1, 2, 2));
            assertThatThrownBy(() -> metric.get().update(p, t, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 NaN values");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void nonBinaryTargetValuesAreCounted(String name, Supplier<SegmentationMetric> metric) {
        try (NDManager m = root.newSubManager()) {
            NDArray p = m.create(new float[] {1, 1, 0, 0}, new Shape(1, 1, 2, 2));
            NDArray t = m.create(new float[] {255, 1, 0.5f, 0}, new Shape(1, 1, 2, 2));
            assertThatThrownBy(() -> metric.get().update(p, t, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("binary")
                    .hasMessageContaining("2 other values");
        }
    }

    @Test
    void rankOtherThanFourIsRejected() {
        try (NDManager m = root.newSubManager()) {
            NDArray a = m.zeros(new Shape(1, 4, 4));
            assertThatThrownBy(() -> DiceMetric.builder().build().update(a, a, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("N×C×H×W")
                    .hasMessageContaining("(1, 4, 4)");
        }
    }

    @Test
    void uint8MasksAreAcceptedAndNothingIsLeftOnTheCallersManager() {
        try (NDManager m = root.newSubManager()) {
            NDArray p = m.create(new float[] {1, 1, 0, 0}, new Shape(1, 1, 2, 2));
            NDArray t = m.create(new byte[] {1, 0, 1, 0}, new Shape(1, 1, 2, 2)).toType(DataType.UINT8, false);
            int before = m.getManagedArrays().size();
            DiceMetric dice = DiceMetric.builder().build();
            dice.update(p, t, List.of());
            HausdorffDistance95.builder().optIncludeBackground(true).build().update(p, t, List.of());
            assertThat(dice.compute()).isEqualTo(0.5);
            assertThat(m.getManagedArrays()).hasSize(before);
        }
    }

    @Test
    void thresholdIsStrictlyAboveOneHalfUnlikeAsDiscrete() {
        try (NDManager m = root.newSubManager()) {
            NDArray logits = m.create(new float[] {-3, 0, 1e-3f, 5}, new Shape(1, 1, 2, 2));
            NDArray bin = Thresholding.sigmoidThreshold(logits);
            assertThat(bin.getDataType()).isEqualTo(DataType.FLOAT32);
            // sigmoid(0) = 0.5 exactly: background here, foreground under AsDiscrete(threshold=0.5)
            assertThat(bin.toFloatArray()).containsExactly(0f, 0f, 1f, 1f);
            assertThat(Thresholding.threshold(m.create(new float[] {0.5f, 0.7f}), 0.5)
                            .toFloatArray())
                    .containsExactly(0f, 1f);
        }
    }
}
