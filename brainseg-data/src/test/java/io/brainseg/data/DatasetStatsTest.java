package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.brainseg.core.batch.SliceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetStatsTest {

    /** A 2×2 slice whose channel c holds {@code base + c·10 + (0, 10, 20, 30)}. */
    private static DecodedSlice slice(String patient, int n, int base, byte[] mask) {
        byte[] img = new byte[12];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                img[c * 4 + i] = (byte) (base + c * 10 + i * 10);
            }
        }
        return new DecodedSlice(new SliceId(patient, n), 2, 2, img, mask);
    }

    @Test
    void countsPatientsSlicesTumourAndPerSliceChannelMoments() {
        SliceCache cache = SliceCache.of(List.of(
                slice("A", 1, 0, new byte[] {0, 1, 1, 0}),
                slice("A", 2, 100, new byte[4]),
                slice("B", 1, 200, new byte[] {1, 0, 0, 0})));
        DatasetStats stats = DatasetStats.compute(cache, PatientSplit.of(List.of("A"), List.of("B"), List.of()));
        assertThat(stats.getSubsets()).containsOnlyKeys("train", "validation", "all");
        DatasetStats.Subset train = stats.get(PatientSplit.TRAIN);
        assertThat(train.patients()).isEqualTo(1);
        assertThat(train.slices()).isEqualTo(2);
        assertThat(train.tumourSlices()).isEqualTo(1);
        assertThat(train.tumourSliceShare()).isEqualTo(0.5);
        assertThat(train.tumourPixelShare()).isEqualTo(2.0 / 8);
        ChannelStats flair = train.channels().get(1);
        assertThat(flair.name()).isEqualTo("FLAIR");
        assertThat(flair.min()).containsExactly(10, 110);
        assertThat(flair.max()).containsExactly(40, 140);
        assertThat(flair.mean()).containsExactly(25, 125);
        // population std of {0, 10, 20, 30} is sqrt(125)
        assertThat(flair.std()[0]).isCloseTo(Math.sqrt(125), within(1e-9));
        assertThat(flair.overallMean()).isEqualTo(75);
        // pooled over {10..40, 110..140}: E[x²] − 75² = 125 + 50²
        assertThat(flair.overallStd()).isCloseTo(Math.sqrt(125 + 2500), within(1e-9));
        DatasetStats.Subset all = stats.get(DatasetStats.ALL);
        assertThat(all.patients()).isEqualTo(2);
        assertThat(all.tumourSlices()).isEqualTo(2);
        assertThat(stats.describe())
                .contains(
                        "train: 1 patients, 2 slices, 1 with tumour (50.0%), tumour pixels 25.00%",
                        "validation: 1 patients, 1 slices", "FLAIR");
    }
}
