package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.batch.SliceId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SliceCacheTest {

    private static DecodedSlice slice(String patient, int number, int... mask) {
        return new DecodedSlice(new SliceId(patient, number), 3, 2, 2, new byte[12], toBytes(mask));
    }

    private static byte[] toBytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void tumourVoxelsSumTheMaskPixelsOfEachPatientsSlices() {
        SliceCache cache = SliceCache.of(List.of(
                slice("TCGA_A", 1, 1, 0, 0, 1),
                slice("TCGA_A", 2, 0, 0, 0, 0),
                slice("TCGA_B", 1, 1, 1, 1, 0),
                slice("TCGA_A", 3, 0, 1, 0, 0),
                slice("TCGA_C", 1, 0, 0, 0, 0)));

        assertThat(cache.tumourVoxelsByPatient())
                .containsExactly(Map.entry("TCGA_A", 3.0), Map.entry("TCGA_B", 3.0), Map.entry("TCGA_C", 0.0));
    }
}
