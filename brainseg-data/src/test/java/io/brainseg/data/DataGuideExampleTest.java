package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.SampleBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of docs/data.md, kept compiling and running. */
class DataGuideExampleTest {

    @TempDir
    Path tmp;

    @Test
    void checkBeforeTrainingExampleRunsAndFindsTheBadSlice() throws Exception {
        Path path = SyntheticLgg.builder()
                .optPatients(2)
                .optSlicesPerPatient(4)
                .optSize(32)
                .build()
                .write(tmp);
        String id = SyntheticLgg.patientId(1);
        Path broken = path.resolve(id).resolve(id + "_2.tif");
        Files.writeString(broken, "not a TIFF");
        List<String> printed = new ArrayList<>();
        // spotless:off
        // --- docs/data.md code (println replaced by a list, size 32 for the synthetic data) ---
        try (LggDataset dataset = LggDataset.builder().setPath(path).optExpectedSize(32).build()) {
            dataset.getClinicalProblems().forEach(p -> printed.add("warning: " + p)); // data.csv is optional
            List<String> bad = dataset.findBadSlices();                                // decodes every slice once
            bad.forEach(printed::add);
            if (bad.isEmpty()) {
                SliceCache cache = SliceCache.load(dataset);                           // ready to train
                printed.add(cache.size() + " slices");
            }
        }
        // --- end of docs/data.md code ---
        // spotless:on
        assertThat(printed).singleElement().asString().startsWith(broken + ": ").contains("TIFF");
    }

    @Test
    void oversamplingExampleDrawsHalfOfEachEpochFromTumourSlices() {
        Path path = SyntheticLgg.builder()
                .optPatients(3)
                .optSlicesPerPatient(10)
                .optSize(32)
                .optTumourFraction(0.2)
                .build()
                .write(tmp);
        try (LggDataset dataset =
                LggDataset.builder().setPath(path).optExpectedSize(32).build()) {
            SliceCache cache = SliceCache.load(dataset);
            PatientSplit split = PatientSplit.builder()
                    .setPatients(cache.getPatientIds())
                    .optFractions(2.0 / 3, 1.0 / 3, 0)
                    .build();
            // spotless:off
            // --- docs/data.md code ("Batches, and oversampling tumour slices") ---
            SliceLoader train = SliceLoader.builder().setCache(cache.subset(split.getTrain())).setBatchSize(16)
                    .optShuffle(true).optSeed(42).optTumourShare(0.5).build();
            // --- end of docs/data.md code ---
            // spotless:on
            List<DecodedSlice> slices = cache.subset(split.getTrain()).getSlices();
            long tumour = java.util.Arrays.stream(train.order(0))
                    .filter(i -> slices.get(i).hasTumour())
                    .count();
            // 20 training slices, 4 of them with tumour (0.2 of each patient): 10 draws of 4 slices.
            assertThat(slices).hasSize(20);
            assertThat(tumour).isEqualTo(10);
        }
    }

    @Test
    void contextExampleGivesNineChannelBatches() throws Exception {
        Path path = SyntheticLgg.builder()
                .optPatients(2)
                .optSlicesPerPatient(4)
                .optSize(32)
                .build()
                .write(tmp);
        try (LggDataset dataset =
                        LggDataset.builder().setPath(path).optExpectedSize(32).build();
                NDManager manager = NDManager.newBaseManager()) {
            // spotless:off
            // --- docs/data.md code (2.5-D input) ---
            SliceCache slices = SliceCache.load(dataset).withContext(1);   // 9 channels: slices z-1, z, z+1
            SliceLoader loader = SliceLoader.builder().setCache(slices).setBatchSize(16).build();
            // --- end of docs/data.md code ---
            // spotless:on
            assertThat(slices.getChannels()).isEqualTo(9);
            try (BatchIterator it = loader.epoch(manager, 0);
                    SampleBatch batch = it.next()) {
                assertThat(batch.get(SampleBatch.IMAGE).getShape()).isEqualTo(new Shape(8, 9, 32, 32));
                assertThat(batch.get(SampleBatch.MASK).getShape()).isEqualTo(new Shape(8, 1, 32, 32));
            }
        }
    }
}
