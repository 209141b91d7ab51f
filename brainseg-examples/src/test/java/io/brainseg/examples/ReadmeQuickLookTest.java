package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.batch.BatchSource;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import io.brainseg.data.SliceLoader;
import io.brainseg.data.SyntheticLgg;
import io.brainseg.metrics.DiceMetric;
import io.brainseg.metrics.VolumeDice;
import io.brainseg.metrics.loss.DiceFocalLoss;
import io.brainseg.models.UNet;
import io.brainseg.transforms.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's "A quick look" example compiling and running: the block between the markers is
 * the README's code verbatim; only the three settings above it differ (a small synthetic dataset,
 * f = 4, one epoch).
 */
class ReadmeQuickLookTest {

    @TempDir
    Path tmp;

    @Test
    void readmeExampleTrainsAndWritesARunDirectory() throws Exception {
        Path zipOrFolder = SyntheticLgg.builder()
                .optPatients(4)
                .optSlicesPerPatient(4)
                .optSize(256)
                .optSeed(1)
                .build()
                .write(tmp.resolve("data"));
        Path runDir = tmp.resolve("run");
        int f = 4;
        int epochs = 1;
        TrainingResult result;
        // spotless:off
        // --- README: A quick look ---
        try (LggDataset dataset = LggDataset.open(zipOrFolder)) {
            SliceCache cache = SliceCache.load(dataset);                       // uint8 slices in memory
            PatientSplit split = PatientSplit.builder().setPatients(dataset.getPatientIds())
                    .optFractions(0.75, 0.25, 0).optStratifyBy(cache.tumourShareByPatient()).optSeed(42).build();
            BatchSource train = SliceLoader.builder().setCache(cache.subset(split.getTrain())).setBatchSize(16)
                    .optShuffle(true).optDropLast(false).optSeed(42).build();
            BatchSource val = SliceLoader.builder().setCache(cache.subset(split.getValidation())).setBatchSize(16).build();
            UNet unet = UNet.builder().setInChannels(3).setOutChannels(1).setChannels(f, 2 * f, 4 * f, 8 * f, 16 * f)
                    .setStrides(2, 2, 2, 2).optNumResUnits(2).optDropout(0.1).build();
            try (SegmentationTrainer trainer = SegmentationTrainer.builder()
                    .setModel(unet).setLoss(DiceFocalLoss.builder().build())
                    .addMetric(DiceMetric.builder().build())                      // per slice, monitored
                    .addMetric(VolumeDice.builder().optName("patient_dice").build()) // per patient
                    .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-5).build()).optGradientClipping(0.5)
                    .optTrainTransform(Transforms.referenceTrain(224))
                    .optValTransform(Transforms.referenceValidation(224))
                    .setEpochs(epochs).optEarlyStopping(10).optSeed(42).optRunDirectory(runDir)
                    .build()) {
                result = trainer.fit(train, val);
            }
        }
        // --- end ---
        // spotless:on
        assertThat(result.getHistory()).hasSize(1);
        assertThat(result.getHistory().get(0).getTrainLoss()).isFinite();
        assertThat(result.getHistory().get(0).getMetrics()).containsKeys("dice", "patient_dice");
        assertThat(runDir.resolve("best/spec.json")).exists();
        assertThat(Files.readString(runDir.resolve("best/spec.json"))).contains("\"unet\"");
    }
}
