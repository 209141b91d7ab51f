package io.brainseg.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleBatchTest {

    @Test
    void setReplacesAndClosesThePreviousArray() {
        try (NDManager root = NDManager.newBaseManager();
                SampleBatch batch = SampleBatch.of(root, List.of())) {
            NDArray first = batch.getManager().zeros(new Shape(2, 3, 4, 4));
            batch.set(SampleBatch.IMAGE, first);
            NDArray second = batch.getManager().ones(new Shape(2, 3, 4, 4));
            batch.set(SampleBatch.IMAGE, second);

            assertThat(first.isReleased()).isTrue();
            assertThat(batch.get(SampleBatch.IMAGE).sum().getFloat()).isEqualTo(96f);
            assertThat(batch.size()).isEqualTo(2);
        }
    }

    @Test
    void arraysFromAnotherManagerAreFreedWithTheBatch() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray foreign;
            try (NDManager other = root.newSubManager()) {
                foreign = other.zeros(new Shape(1, 1, 2, 2));
                SampleBatch batch = SampleBatch.of(root, List.of(new SliceId("TCGA_X_1_2", 3)));
                batch.set(SampleBatch.MASK, foreign);
                other.close();
                assertThat(foreign.isReleased())
                        .as("attached to the batch, survives its old manager")
                        .isFalse();
                batch.close();
            }
            assertThat(foreign.isReleased()).isTrue();
        }
    }

    @Test
    void mismatchedBatchSizeIsRejectedWithBothShapes() {
        try (NDManager root = NDManager.newBaseManager();
                SampleBatch batch = SampleBatch.of(root, List.of())) {
            batch.set(SampleBatch.IMAGE, batch.getManager().zeros(new Shape(2, 3, 4, 4)));
            assertThatThrownBy(
                            () -> batch.set(SampleBatch.MASK, batch.getManager().zeros(new Shape(3, 1, 4, 4))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'mask'")
                    .hasMessageContaining("(3, 1, 4, 4)")
                    .hasMessageContaining("batch size 2");
        }
    }

    @Test
    void unknownKeyNamesTheAvailableKeys() {
        try (NDManager root = NDManager.newBaseManager();
                SampleBatch batch = SampleBatch.of(root, List.of())) {
            batch.set(SampleBatch.IMAGE, batch.getManager().zeros(new Shape(1, 3, 4, 4)));
            assertThatThrownBy(() -> batch.get("label"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'label'")
                    .hasMessageContaining("[image]");
        }
    }

    @Test
    void sliceIdRejectsBadValuesAndSortsNaturally() {
        assertThatThrownBy(() -> new SliceId(" ", 1)).hasMessageContaining("blank");
        assertThatThrownBy(() -> new SliceId("P", 0)).hasMessageContaining("got 0");
        assertThat(List.of(new SliceId("P", 10), new SliceId("P", 2)).stream()
                        .sorted()
                        .toList())
                .containsExactly(new SliceId("P", 2), new SliceId("P", 10));
    }
}
