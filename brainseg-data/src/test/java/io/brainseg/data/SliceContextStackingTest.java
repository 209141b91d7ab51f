package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.batch.SliceId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SliceCache#withContext}: order, edge repetition and the loader's 2.5-D batches. */
class SliceContextStackingTest {

    private static final int H = 4;
    private static final int W = 5;
    private static final int PLANE = H * W;

    @TempDir
    Path tmp;

    /**
     * A slice whose every byte encodes (patient, slice, channel, pixel), so a stacked byte can be
     * traced back to the plane it came from.
     */
    private static DecodedSlice slice(int patient, int number) {
        byte[] image = new byte[3 * PLANE];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < PLANE; p++) {
                image[c * PLANE + p] = value(patient, number, c, p);
            }
        }
        byte[] mask = new byte[PLANE];
        mask[number % PLANE] = 1;
        return new DecodedSlice(new SliceId("P" + patient, number), H, W, image, mask);
    }

    private static byte value(int patient, int number, int channel, int pixel) {
        return (byte) (patient * 97 + number * 31 + channel * 7 + pixel);
    }

    /** Two patients (5 and 3 slices), deliberately not in slice order, interleaved. */
    private static List<DecodedSlice> handBuilt() {
        return List.of(
                slice(1, 3), slice(2, 2), slice(1, 1), slice(1, 5), slice(2, 1), slice(1, 2), slice(1, 4), slice(2, 3));
    }

    @Test
    void contextOneStacksSliceBelowCentreAboveAndRepeatsTheEdges() {
        SliceCache cache = SliceCache.of(handBuilt()).withContext(1);
        assertThat(cache.getChannels()).isEqualTo(9);
        assertThat(cache.getContext()).isEqualTo(1);
        assertThat(cache.getSlices().stream().map(DecodedSlice::id).toList())
                .as("the cache's order is kept")
                .isEqualTo(handBuilt().stream().map(DecodedSlice::id).toList());
        int[] counts = {0, 5, 3};
        for (DecodedSlice s : cache.getSlices()) {
            int patient = s.id().patientId().charAt(1) - '0';
            int z = s.id().sliceNumber();
            assertThat(s.channels()).isEqualTo(9);
            assertThat(s.image()).hasSize(9 * PLANE);
            for (int group = 0; group < 3; group++) {
                // The neighbour this group must hold: z-1, z, z+1, clamped to 1..last by hand.
                int want = z - 1 + group;
                if (want < 1) {
                    want = 1;
                }
                if (want > counts[patient]) {
                    want = counts[patient];
                }
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < PLANE; p++) {
                        assertThat(s.image()[(group * 3 + c) * PLANE + p])
                                .as("%s group %d channel %d pixel %d", s.id(), group, c, p)
                                .isEqualTo(value(patient, want, c, p));
                    }
                }
            }
            assertThat(s.mask())
                    .as("the centre slice's mask")
                    .isEqualTo(slice(patient, z).mask());
            assertThat(s.centre().image()).isEqualTo(slice(patient, z).image());
        }
    }

    @Test
    void contextTwoRepeatsTheEdgeSliceTwice() {
        SliceCache cache = SliceCache.of(handBuilt()).withContext(2);
        assertThat(cache.getChannels()).isEqualTo(15);
        DecodedSlice first = cache.get(new SliceId("P2", 1));
        int[] expected = {1, 1, 1, 2, 3};
        for (int group = 0; group < 5; group++) {
            byte[] part = Arrays.copyOfRange(first.image(), group * 3 * PLANE, (group + 1) * 3 * PLANE);
            assertThat(part)
                    .as("group %d", group)
                    .isEqualTo(slice(2, expected[group]).image());
        }
        DecodedSlice last = cache.get(new SliceId("P1", 5));
        int[] expectedLast = {3, 4, 5, 5, 5};
        for (int group = 0; group < 5; group++) {
            byte[] part = Arrays.copyOfRange(last.image(), group * 3 * PLANE, (group + 1) * 3 * PLANE);
            assertThat(part)
                    .as("group %d", group)
                    .isEqualTo(slice(1, expectedLast[group]).image());
        }
    }

    @Test
    void aSinglePatientSliceRepeatsItselfAndListOrderDoesNotMatter() {
        DecodedSlice only = slice(3, 7);
        DecodedSlice stacked =
                SliceCache.of(List.of(only)).withContext(1).getSlices().get(0);
        byte[] expected = new byte[9 * PLANE];
        for (int g = 0; g < 3; g++) {
            System.arraycopy(only.image(), 0, expected, g * 3 * PLANE, 3 * PLANE);
        }
        assertThat(stacked.image()).isEqualTo(expected);

        List<DecodedSlice> reversed = new ArrayList<>(handBuilt());
        Collections.reverse(reversed);
        SliceCache a = SliceCache.of(handBuilt()).withContext(1);
        SliceCache b = SliceCache.of(reversed).withContext(1);
        for (DecodedSlice s : a.getSlices()) {
            assertThat(b.get(s.id()).image()).isEqualTo(s.image());
        }
    }

    @Test
    void contextZeroIsTheSameCacheAndBadContextsAreRefused() {
        SliceCache cache = SliceCache.of(handBuilt());
        assertThat(cache.withContext(0)).isSameAs(cache);
        assertThat(cache.getChannels()).isEqualTo(3);
        assertThat(cache.getContext()).isZero();
        assertThatThrownBy(() -> cache.withContext(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("context must be >= 0")
                .hasMessageContaining("-1");
        SliceCache stacked = cache.withContext(1);
        assertThatThrownBy(() -> stacked.withContext(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has 9 channels");
    }

    @Test
    void aGapInAPatientsSliceNumbersIsNamed() {
        SliceCache gap = SliceCache.of(List.of(slice(1, 1), slice(1, 2), slice(1, 4)));
        assertThatThrownBy(() -> gap.withContext(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patient P1 has slices 2 and 4 but not 3");
    }

    @Test
    void slicesValidateTheirChannelCount() {
        SliceId id = new SliceId("P", 1);
        assertThatThrownBy(() -> new DecodedSlice(id, 6, H, W, new byte[6 * PLANE], new byte[PLANE]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slice P_1")
                .hasMessageContaining("6 channels");
        assertThatThrownBy(() -> new DecodedSlice(id, 9, H, W, new byte[3 * PLANE], new byte[PLANE]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected " + 9 * PLANE);
        assertThatThrownBy(() -> SliceCache.of(List.of(
                        slice(1, 1),
                        SliceCache.of(List.of(slice(1, 2)))
                                .withContext(1)
                                .getSlices()
                                .get(0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one channel count");
    }

    @Test
    void theLoaderServesNineChannelBatchesOfTheStackedBytes() {
        SliceCache cache = SliceCache.of(handBuilt()).withContext(1);
        SliceLoader loader = SliceLoader.builder()
                .setCache(cache)
                .setBatchSize(3)
                .optShuffle(true)
                .optPrefetch(1)
                .build();
        int seen = 0;
        try (NDManager manager = NDManager.newBaseManager();
                BatchIterator it = loader.epoch(manager, 0)) {
            while (it.hasNext()) {
                try (SampleBatch b = it.next()) {
                    int n = b.size();
                    assertThat(b.get(SampleBatch.IMAGE).getShape()).isEqualTo(new Shape(n, 9, H, W));
                    assertThat(b.get(SampleBatch.MASK).getShape()).isEqualTo(new Shape(n, 1, H, W));
                    byte[] images = b.get(SampleBatch.IMAGE).toByteArray();
                    byte[] masks = b.get(SampleBatch.MASK).toByteArray();
                    for (int i = 0; i < n; i++) {
                        DecodedSlice s = cache.get(b.getIds().get(i));
                        assertThat(Arrays.copyOfRange(images, i * 9 * PLANE, (i + 1) * 9 * PLANE))
                                .isEqualTo(s.image());
                        assertThat(Arrays.copyOfRange(masks, i * PLANE, (i + 1) * PLANE))
                                .isEqualTo(s.mask());
                    }
                    seen += n;
                }
            }
        }
        assertThat(seen).isEqualTo(8);
    }

    @Test
    void aDecodedDatasetStacksByItsSliceNumbers() {
        try (LggDataset ds = TestData.open(TestData.tiny(tmp))) {
            SliceCache raw = SliceCache.load(ds);
            SliceCache stacked = raw.withContext(1);
            assertThat(stacked.size()).isEqualTo(raw.size());
            for (DecodedSlice s : stacked.getSlices()) {
                String patient = s.id().patientId();
                int z = s.id().sliceNumber();
                int last = (int) raw.getSlices().stream()
                        .filter(r -> r.id().patientId().equals(patient))
                        .mapToInt(r -> r.id().sliceNumber())
                        .max()
                        .orElseThrow();
                int len = 3 * s.height() * s.width();
                int[] want = {Math.max(1, z - 1), z, Math.min(last, z + 1)};
                for (int g = 0; g < 3; g++) {
                    assertThat(Arrays.copyOfRange(s.image(), g * len, (g + 1) * len))
                            .isEqualTo(raw.get(new SliceId(patient, want[g])).image());
                }
                assertThat(s.mask()).isSameAs(raw.get(s.id()).mask());
            }
        }
    }
}
