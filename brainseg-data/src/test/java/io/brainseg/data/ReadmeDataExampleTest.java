package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.SampleBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Data layer" example, kept compiling and running (on synthetic data at 64×64). */
class ReadmeDataExampleTest {

    @TempDir
    Path tmp;

    @Test
    void readmeExampleRuns() {
        Path root = SyntheticLgg.builder()
                .optPatients(5)
                .optSlicesPerPatient(8)
                .optSize(64)
                .build()
                .write(tmp);
        List<String> lines = new ArrayList<>();
        // --- README code, with the zip replaced by the synthetic folder and println by a list ---
        try (LggDataset dataset =
                        LggDataset.builder().setPath(root).optExpectedSize(64).build();
                NDManager manager = NDManager.newBaseManager()) {
            SliceCache cache = SliceCache.load(dataset);
            PatientSplit split = PatientSplit.builder()
                    .setPatients(dataset.getPatientIds())
                    .optFractions(0.8, 0.2, 0)
                    .optStratifyBy(cache.tumourShareByPatient())
                    .optSeed(42)
                    .build();
            lines.add(DatasetStats.compute(cache, split).describe());
            SliceLoader train = SliceLoader.builder()
                    .setCache(cache.subset(split.getTrain()))
                    .setBatchSize(16)
                    .optShuffle(true)
                    .optDropLast(true)
                    .optSeed(42)
                    .build();
            try (BatchIterator it = train.epoch(manager, 0)) {
                while (it.hasNext()) {
                    try (SampleBatch batch = it.next()) {
                        lines.add(batch.getIds().get(0) + " " + batch);
                    }
                }
            }
        }
        // --- end of README code ---
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("train: 4 patients, 32 slices", "validation: 1 patients, 8 slices");
        assertThat(lines.get(1)).contains("image=(16, 3, 64, 64) uint8", "mask=(16, 1, 64, 64) uint8");
    }
}
