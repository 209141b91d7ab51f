package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.batch.SliceId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SliceLoaderTest {

    @TempDir
    static Path tmp;

    private static SliceCache cache;
    private static NDManager manager;

    @BeforeAll
    static void load() {
        try (LggDataset ds = TestData.open(TestData.tiny(tmp))) {
            cache = SliceCache.load(ds);
        }
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static SliceLoader.Builder loader() {
        return SliceLoader.builder().setCache(cache).setBatchSize(8);
    }

    private static List<SliceId> ids(SliceLoader loader, int epoch) {
        List<SliceId> ids = new ArrayList<>();
        try (BatchIterator it = loader.epoch(manager, epoch)) {
            while (it.hasNext()) {
                try (SampleBatch b = it.next()) {
                    ids.addAll(b.getIds());
                }
            }
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void batchesHoldTheCachedBytesChannelFirstWithIds(int prefetch) {
        SliceLoader loader = loader().optPrefetch(prefetch).build();
        assertThat(loader.getNumSamples()).isEqualTo(36);
        assertThat(loader.getNumBatches()).isEqualTo(5);
        List<Integer> sizes = new ArrayList<>();
        try (BatchIterator it = loader.epoch(manager, 0)) {
            while (it.hasNext()) {
                try (SampleBatch b = it.next()) {
                    NDArray image = b.get(SampleBatch.IMAGE);
                    NDArray mask = b.get(SampleBatch.MASK);
                    int n = b.size();
                    sizes.add(n);
                    assertThat(image.getShape()).isEqualTo(new Shape(n, 3, 32, 32));
                    assertThat(mask.getShape()).isEqualTo(new Shape(n, 1, 32, 32));
                    assertThat(image.getDataType()).isEqualTo(DataType.UINT8);
                    assertThat(b.getManager().getParentManager()).isSameAs(manager);
                    for (int i = 0; i < n; i++) {
                        DecodedSlice s = cache.get(b.getIds().get(i));
                        assertThat(image.get(i).toByteArray()).isEqualTo(s.image());
                        assertThat(mask.get(i).toByteArray()).isEqualTo(s.mask());
                    }
                }
            }
        }
        assertThat(sizes).containsExactly(8, 8, 8, 8, 4);
        assertThat(ids(loader, 0))
                .extracting(SliceId::toString)
                .isEqualTo(
                        cache.getSlices().stream().map(s -> s.id().toString()).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void batchesKeptOpenKeepTheirContentWhileLaterBatchesArePrepared(int prefetch) {
        SliceLoader loader = loader().optPrefetch(prefetch).optShuffle(true).build();
        List<SampleBatch> batches = new ArrayList<>();
        try (BatchIterator it = loader.epoch(manager, 0)) {
            it.forEachRemaining(batches::add);
        }
        try {
            for (SampleBatch b : batches) {
                for (int i = 0; i < b.size(); i++) {
                    DecodedSlice s = cache.get(b.getIds().get(i));
                    assertThat(b.get(SampleBatch.IMAGE).get(i).toByteArray()).isEqualTo(s.image());
                    assertThat(b.get(SampleBatch.MASK).get(i).toByteArray()).isEqualTo(s.mask());
                }
            }
        } finally {
            batches.forEach(SampleBatch::close);
        }
    }

    @Test
    void shuffleDependsOnlyOnSeedAndEpoch() {
        SliceLoader a = loader().optShuffle(true).optSeed(3).build();
        SliceLoader b = loader().optShuffle(true).optSeed(3).build();
        List<SliceId> a1 = ids(a, 1);
        ids(a, 0);
        assertThat(ids(a, 1)).isEqualTo(a1);
        assertThat(ids(b, 1)).isEqualTo(a1);
        assertThat(ids(a, 2)).isNotEqualTo(a1);
        assertThat(ids(loader().optShuffle(true).optSeed(4).build(), 1)).isNotEqualTo(a1);
        assertThat(new HashSet<>(a1)).hasSize(36);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, 0.5, 0.9})
    void tumourShareDrawsThatShareAndUsesAClassUpBeforeRepeatingIt(double share) {
        SliceLoader loader = loader().optShuffle(true).optTumourShare(share).build();
        List<DecodedSlice> slices = cache.getSlices();
        int tumourSlices = (int) slices.stream().filter(DecodedSlice::hasTumour).count();
        assertThat(tumourSlices).isBetween(1, slices.size() - 1);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] order = loader.order(epoch);
            assertThat(order).hasSize(slices.size());
            int[] seen = new int[slices.size()];
            int drawnWithTumour = 0;
            for (int i : order) {
                seen[i]++;
                drawnWithTumour += slices.get(i).hasTumour() ? 1 : 0;
            }
            int expected = (int) Math.round(share * slices.size());
            assertThat(drawnWithTumour).isEqualTo(expected);
            for (int i = 0; i < seen.length; i++) {
                // A class of size c drawn k times: every member floor(k / c) or ceil(k / c) times.
                int c = slices.get(i).hasTumour() ? tumourSlices : slices.size() - tumourSlices;
                int k = slices.get(i).hasTumour() ? expected : slices.size() - expected;
                assertThat(seen[i]).as("slice %d", i).isBetween(k / c, (k + c - 1) / c);
            }
        }
        assertThat(loader.order(1)).isEqualTo(loader.order(1));
        assertThat(loader.order(2)).isNotEqualTo(loader.order(1));
        assertThat(ids(loader, 1)).hasSize(slices.size());
    }

    @Test
    void tumourShareNeedsShufflingAShareInsideTheUnitIntervalAndBothKindsOfSlice() {
        assertThatThrownBy(() -> loader().optTumourShare(0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optShuffle(true)");
        for (double bad : new double[] {0, 1, -0.5, Double.NaN}) {
            assertThatThrownBy(
                            () -> loader().optShuffle(true).optTumourShare(bad).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tumourShare must be in (0, 1), got " + bad);
        }
        List<DecodedSlice> empty =
                cache.getSlices().stream().filter(s -> !s.hasTumour()).toList();
        SliceCache noTumour = SliceCache.of(empty);
        assertThatThrownBy(() -> SliceLoader.builder()
                        .setCache(noTumour)
                        .setBatchSize(4)
                        .optShuffle(true)
                        .optTumourShare(0.5)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the cache has 0 of " + empty.size() + " with tumour");
    }

    @Test
    void dropLastDropsTheShortBatch() {
        SliceLoader loader = loader().optDropLast(true).optShuffle(true).build();
        assertThat(loader.getNumBatches()).isEqualTo(4);
        assertThat(ids(loader, 0)).hasSize(32);
    }

    @Test
    void float32KeepsValues() {
        SliceLoader loader = loader().optDataType(DataType.FLOAT32).build();
        try (BatchIterator it = loader.epoch(manager, 0);
                SampleBatch b = it.next()) {
            NDArray image = b.get(SampleBatch.IMAGE);
            assertThat(image.getDataType()).isEqualTo(DataType.FLOAT32);
            float[] values = image.get(0).toFloatArray();
            byte[] expected = cache.get(b.getIds().get(0)).image();
            for (int i = 0; i < values.length; i += 97) {
                assertThat(values[i]).isEqualTo(expected[i] & 0xFF);
            }
            assertThat(b.get(SampleBatch.MASK).max().getFloat()).isEqualTo(1f);
        }
    }

    @Test
    void closingEarlyStopsTheThreadAndLeavesNoArrays() throws InterruptedException {
        try (NDManager parent = manager.newSubManager()) {
            BatchIterator it = loader().optPrefetch(2).build().epoch(parent, 0);
            try (SampleBatch b = it.next()) {
                assertThat(b.size()).isEqualTo(8);
            }
            Thread.sleep(100);
            it.close();
            assertThat(it.hasNext()).isFalse();
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().equals("brainseg-loader"));
            assertThat(parent.getManagedArrays()).isEmpty();
        }
    }

    @Test
    void builderNamesTheBadSetting() {
        assertThatThrownBy(() -> SliceLoader.builder().setBatchSize(4).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cache");
        assertThatThrownBy(() -> loader().setBatchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> loader().optDataType(DataType.INT32).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int32");
        assertThatThrownBy(() -> loader().optPrefetch(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch");
    }
}
