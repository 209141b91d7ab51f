package io.brainseg.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.train.EpochRecord;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.TestDice;
import io.brainseg.core.train.TinyConvNet;
import io.brainseg.core.train.TrainingContext;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLoggerTest {

    @TempDir
    Path run;

    /** A context with the default binary task (threshold 0.5), as a trainer's listeners see it. */
    static TrainingContext context(Path run, List<EpochRecord> history) {
        try (SegmentationTrainer t = SegmentationTrainer.builder()
                .setModel(TinyConvNet.of(4, 0))
                .setLoss(Loss.sigmoidBinaryCrossEntropyLoss())
                .addMetric(new TestDice())
                .setEpochs(1)
                .optRunDirectory(run)
                .build()) {
            return new TrainingContext(t.getConfig(), 1, history);
        }
    }

    @Test
    void drawsImageTruthInGreenAndPredictionInRedForTheFirstSlices() throws Exception {
        List<EpochRecord> history = new ArrayList<>();
        TrainingContext ctx = context(run, history);
        PredictionLogger logger = new PredictionLogger(1);
        try (NDManager m = NDManager.newBaseManager();
                SampleBatch batch = SampleBatch.of(m, List.of())) {
            NDArray image = m.zeros(new Shape(2, 3, 4, 4));
            image.set(new ai.djl.ndarray.index.NDIndex(":, :, 3, 3"), 1f);
            NDArray mask = m.zeros(new Shape(2, 1, 4, 4));
            mask.set(new ai.djl.ndarray.index.NDIndex(":, :, 0, 0"), 1f);
            NDArray probs = m.zeros(new Shape(2, 1, 4, 4));
            probs.set(new ai.djl.ndarray.index.NDIndex(":, :, 0, 1"), 0.9f);
            batch.set(SampleBatch.IMAGE, image).set(SampleBatch.MASK, mask);
            logger.onEpochStart(ctx, 0);
            logger.onValidationBatch(ctx, 0, 0, batch, probs);
        }
        EpochRecord r = new EpochRecord(0, 1, 1, Map.of("dice", 0.5), 1e-3, 1, 1);
        history.add(r);
        logger.onBestImproved(ctx, r);
        BufferedImage png =
                ImageIO.read(run.resolve("predictions/epoch-001.png").toFile());
        int cell = png.getWidth() / 3;
        assertThat(png.getHeight()).isEqualTo(cell); // one slice, one row
        int scale = cell / 4;
        int truth = png.getRGB(cell + scale / 2, scale / 2); // (0, 0) in the truth panel
        int pred = png.getRGB(2 * cell + scale + scale / 2, scale / 2); // (0, 1) in the prediction panel
        int bright = png.getRGB(3 * scale + scale / 2, 3 * scale + scale / 2);
        assertThat((truth >> 8) & 0xff).isGreaterThan((truth >> 16) & 0xff);
        assertThat((pred >> 16) & 0xff).isGreaterThan((pred >> 8) & 0xff);
        assertThat(bright & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void showsSlicesWithTumourFirstAndTopsUpWithEmptyOnes() throws Exception {
        List<EpochRecord> history = new ArrayList<>();
        TrainingContext ctx = context(run, history);
        PredictionLogger logger = new PredictionLogger(3);
        logger.onEpochStart(ctx, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            // batch 0: two empty slices; batch 1: slice 0 empty, slice 1 with tumour at (2, 2)
            for (int b = 0; b < 2; b++) {
                try (SampleBatch batch = SampleBatch.of(m, List.of())) {
                    NDArray image = m.zeros(new Shape(2, 1, 4, 4));
                    NDArray mask = m.zeros(new Shape(2, 1, 4, 4));
                    if (b == 1) {
                        mask.set(new ai.djl.ndarray.index.NDIndex("1, 0, 2, 2"), 1f);
                    }
                    batch.set(SampleBatch.IMAGE, image).set(SampleBatch.MASK, mask);
                    logger.onValidationBatch(ctx, 0, b, batch, m.zeros(new Shape(2, 1, 4, 4)));
                }
            }
        }
        EpochRecord r = new EpochRecord(0, 1, 1, Map.of("dice", 0.5), 1e-3, 1, 1);
        history.add(r);
        logger.onBestImproved(ctx, r);
        BufferedImage png =
                ImageIO.read(run.resolve("predictions/epoch-001.png").toFile());
        int cell = png.getWidth() / 3;
        int scale = cell / 4;
        assertThat(png.getHeight()).isEqualTo(3 * cell); // the tumour slice and two empty ones
        for (int row = 0; row < 3; row++) {
            int truth = png.getRGB(cell + 2 * scale + scale / 2, row * cell + 2 * scale + scale / 2);
            boolean green = ((truth >> 8) & 0xff) > ((truth >> 16) & 0xff);
            assertThat(green).as("row %d shows a tumour", row).isEqualTo(row == 0);
        }
    }
}
