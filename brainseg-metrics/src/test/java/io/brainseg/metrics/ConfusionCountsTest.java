package io.brainseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SliceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionCountsTest {

    @Test
    void countsPerSlicePerPatientAndPooledWithRatios() {
        try (NDManager m = NDManager.newBaseManager()) {
            // slice A_1: pred 1100, gt 1010 -> TP 1, FP 1, FN 1, TN 1
            // slice A_2: pred 0000, gt 0000 -> TN 4
            // slice B_1: pred 1111, gt 1110 -> TP 3, FP 1
            NDArray pred = m.create(new float[] {1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1}, new Shape(3, 1, 2, 2));
            NDArray gt = m.create(new float[] {1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0}, new Shape(3, 1, 2, 2));
            ConfusionCounts cc = ConfusionCounts.builder().build();
            cc.update(pred, gt, List.of(new SliceId("A", 1), new SliceId("A", 2), new SliceId("B", 1)));

            assertThat(cc.perSlice())
                    .extracting(ConfusionCounts.SliceCounts::counts)
                    .containsExactly(
                            new ConfusionCounts.Counts(1, 1, 1, 1),
                            new ConfusionCounts.Counts(0, 0, 0, 4),
                            new ConfusionCounts.Counts(3, 1, 0, 0));
            assertThat(cc.perSlice().get(2).id()).isEqualTo(new SliceId("B", 1));
            assertThat(cc.perPatient())
                    .containsEntry("A", new ConfusionCounts.Counts(1, 1, 1, 5))
                    .containsEntry("B", new ConfusionCounts.Counts(3, 1, 0, 0));
            ConfusionCounts.Counts total = cc.total();
            assertThat(total).isEqualTo(new ConfusionCounts.Counts(4, 2, 1, 5));
            assertThat(total.sensitivity()).isCloseTo(4.0 / 5, within(1e-12));
            assertThat(total.specificity()).isCloseTo(5.0 / 7, within(1e-12));
            assertThat(total.precision()).isCloseTo(4.0 / 6, within(1e-12));
            assertThat(cc.getName()).isEqualTo("sensitivity");
            assertThat(cc.compute()).isCloseTo(0.8, within(1e-12));
            assertThat(cc.perSlice().get(1).counts().sensitivity()).isNaN();
            assertThat(cc.perSlice().get(1).counts().precision()).isNaN();
            assertThat(cc.perPatient().get("B").specificity()).isEqualTo(0.0);

            ConfusionCounts precision = ConfusionCounts.builder()
                    .optStatistic(ConfusionCounts.Statistic.PRECISION)
                    .build();
            precision.update(pred, gt, List.of());
            assertThat(precision.compute()).isCloseTo(4.0 / 6, within(1e-12));
            assertThat(precision.perPatient()).isEmpty();
            assertThat(precision.perSlice().get(0).id()).isNull();
            precision.reset();
            assertThat(precision.perSlice()).isEmpty();
            assertThat(precision.total()).isEqualTo(ConfusionCounts.Counts.ZERO);
        }
    }
}
