package io.brainseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SliceId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VolumeDiceTest {

    private static NDManager root;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    /** Builds N×1×4×4 from strings of 16 '0'/'1' characters. */
    private static NDArray masks(NDManager m, String... rows) {
        float[] a = new float[rows.length * 16];
        for (int s = 0; s < rows.length; s++) {
            for (int k = 0; k < 16; k++) {
                a[s * 16 + k] = rows[s].charAt(k) == '1' ? 1 : 0;
            }
        }
        return m.create(a, new Shape(rows.length, 1, 4, 4));
    }

    private static SliceId id(String patient, int slice) {
        return new SliceId(patient, slice);
    }

    @Test
    void pooledPerPatientDiceDiffersFromThePerSliceMeanAcrossBatchesInAnyOrder() {
        try (NDManager m = root.newSubManager()) {
            // A_1: pred 4 px, gt 4 px, overlap 2 (slice Dice 0.5); A_2: pred empty, gt 2 px (slice Dice 0)
            // B_1: perfect 3 px. Volume A: 2·2 / (4 + 6) = 0.4; B: 1.0; mean 0.7
            String a1p = "1111000000000000";
            String a1g = "0011110000000000";
            String a2p = "0000000000000000";
            String a2g = "0000000000001100";
            String b1 = "1110000000000000";
            VolumeDice volume = VolumeDice.builder().build();
            volume.update(masks(m, a2p, b1), masks(m, a2g, b1), List.of(id("A", 2), id("B", 1)));
            volume.update(masks(m, a1p), masks(m, a1g), List.of(id("A", 1)));
            assertThat(volume.perPatient()).containsOnlyKeys("A", "B");
            assertThat(volume.perPatient().get("A")).isCloseTo(0.4, within(1e-12));
            assertThat(volume.perPatient().get("B")).isCloseTo(1.0, within(1e-12));
            assertThat(volume.compute()).isCloseTo(0.7, within(1e-12));

            DiceMetric perSlice = DiceMetric.builder().build();
            perSlice.update(masks(m, a1p, a2p, b1), masks(m, a1g, a2g, b1), List.of());
            assertThat(perSlice.compute()).isCloseTo(0.5, within(1e-6)); // (0.5 + 0 + 1) / 3

            volume.reset();
            assertThat(volume.perPatient()).isEmpty();
            assertThat(volume.compute()).isEqualTo(0.0);
        }
    }

    @Test
    void patientWithEmptyGroundTruthIsSkippedOrScoredByEmptiness() {
        try (NDManager m = root.newSubManager()) {
            String empty = "0000000000000000";
            String some = "1000000000000000";
            VolumeDice skip = VolumeDice.builder().build();
            skip.update(masks(m, some, some), masks(m, empty, some), List.of(id("A", 1), id("B", 1)));
            assertThat(skip.perPatient().get("A")).isNaN();
            assertThat(skip.compute()).isEqualTo(1.0);
            VolumeDice keep = VolumeDice.builder().optIgnoreEmpty(false).build();
            keep.update(masks(m, some, empty), masks(m, empty, empty), List.of(id("A", 1), id("B", 1)));
            assertThat(keep.perPatient()).containsEntry("A", 0.0).containsEntry("B", 1.0);
        }
    }

    @Test
    void largestComponentDropsADisconnectedFalsePositive() {
        try (NDManager m = root.newSubManager()) {
            // a 2×2×2 blob on slices 1-2 matching the ground truth, plus a lone false positive on slice 4
            // (slice 3 is missing, so 2 and 4 never touch)
            String blob = "1100110000000000";
            String lone = "0000000000000001";
            String none = "0000000000000000";
            List<SliceId> ids = List.of(id("A", 1), id("A", 2), id("A", 4));
            VolumeDice plain = VolumeDice.builder().build();
            VolumeDice filtered = VolumeDice.builder().optLargestComponent(true).build();
            for (VolumeDice v : List.of(plain, filtered)) {
                v.update(masks(m, blob, blob, lone), masks(m, blob, blob, none), ids);
            }
            assertThat(plain.compute()).isCloseTo(2.0 * 8 / (9 + 8), within(1e-12));
            assertThat(filtered.compute()).isEqualTo(1.0);
        }
    }

    @Test
    void minComponentSizeDropsSpecksButKeepsASmallTumourThatTheLargestComponentRuleLoses() {
        try (NDManager m = root.newSubManager()) {
            // truth: an 8-voxel blob on slices 1-2 and a 2-voxel tumour on slice 4 (slice 3 missing);
            // prediction: both, plus a lone false positive at (3,3) of slice 1
            String blob = "1100110000000000";
            String blobAndSpeck = "1100110000000001";
            String small = "0000000000000011";
            List<SliceId> ids = List.of(id("A", 1), id("A", 2), id("A", 4));
            VolumeDice plain = VolumeDice.builder().build();
            VolumeDice largest = VolumeDice.builder().optLargestComponent(true).build();
            VolumeDice atLeast2 = VolumeDice.builder().optMinComponentSize(2).build();
            VolumeDice largestAtLeast9 = VolumeDice.builder()
                    .optLargestComponent(true)
                    .optMinComponentSize(9)
                    .build();
            for (VolumeDice v : List.of(plain, largest, atLeast2, largestAtLeast9)) {
                v.update(masks(m, blobAndSpeck, blob, small), masks(m, blob, blob, small), ids);
            }
            assertThat(plain.compute()).isCloseTo(2.0 * 10 / (11 + 10), within(1e-12));
            assertThat(largest.compute()).isCloseTo(2.0 * 8 / (8 + 10), within(1e-12));
            assertThat(atLeast2.compute()).isEqualTo(1.0);
            assertThat(largestAtLeast9.compute()).isEqualTo(0.0); // the largest (8) is below 9
            assertThatThrownBy(
                            () -> VolumeDice.builder().optMinComponentSize(-1).build())
                    .hasMessageContaining("minComponentSize must be >= 0, got -1");
        }
    }

    @Test
    void connectivity26JoinsDiagonalNeighboursAcrossSlicesAnd6DoesNot() {
        try (NDManager m = root.newSubManager()) {
            // slice 1: 2 px at (0,0),(0,1); slice 2: 1 px at (1,2), touching (0,1) only diagonally
            String s1 = "1100000000000000";
            String s2 = "0000001000000000";
            List<SliceId> ids = List.of(id("A", 1), id("A", 2));
            VolumeDice six = VolumeDice.builder()
                    .optLargestComponent(true)
                    .optConnectivity(6)
                    .build();
            VolumeDice all = VolumeDice.builder().optLargestComponent(true).build();
            for (VolumeDice v : List.of(six, all)) {
                v.update(masks(m, s1, s2), masks(m, s1, s2), ids);
            }
            assertThat(all.compute()).isEqualTo(1.0);
            assertThat(six.compute()).isCloseTo(2.0 * 2 / (2 + 3), within(1e-12));
        }
    }

    @Test
    void rejectsMissingOrRepeatedIdsAndSeveralChannels() {
        try (NDManager m = root.newSubManager()) {
            NDArray one = m.zeros(new Shape(1, 1, 4, 4));
            VolumeDice v = VolumeDice.builder().build();
            assertThatThrownBy(() -> v.update(one, one, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("without ids")
                    .hasMessageContaining("(1, 1, 4, 4)");
            v.update(one, one, List.of(id("A", 3)));
            assertThatThrownBy(() -> v.update(one, one, List.of(id("A", 3))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("A_3");
            assertThatThrownBy(() -> v.update(one, one, List.of(id("A", 4), id("A", 5))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 slice ids");
            NDArray two = m.zeros(new Shape(1, 2, 4, 4));
            assertThatThrownBy(() -> v.update(two, two, List.of(id("B", 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("single-channel");
            assertThatThrownBy(() -> VolumeDice.builder().optConnectivity(8).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connectivity")
                    .hasMessageContaining("8");
        }
    }
}
