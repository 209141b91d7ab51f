package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import io.brainseg.core.batch.BatchSource;
import io.brainseg.core.metric.SegmentationMetric;
import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.core.transform.ScaleToUnit;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the "Training and prediction" example of the README, verbatim, on the test net and data. */
class ReadmeExampleTest {

    @TempDir
    Path tmp;

    /** The README's code (between the markers), with its free variables as parameters. */
    static List<Prediction> example(
            Block model,
            Loss loss,
            SegmentationMetric dice,
            BatchTransform trainTransforms,
            BatchTransform valTransforms,
            BatchSource trainData,
            BatchSource valData,
            int epochs,
            Path runDir,
            Path patientDir)
            throws IOException {
        // README-BEGIN
        try (SegmentationTrainer trainer = SegmentationTrainer.builder()
                .setModel(model) // any Block: float32 N×3×H×W -> logits N×1×H×W
                .setLoss(loss) // any DJL Loss over logits, e.g. DiceFocalLoss
                .addMetric(dice) // e.g. DiceMetric; the first metric is monitored
                .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-5).build())
                .optSchedule(LearningRateSchedule.cosine(1e-3, 1e-5, epochs))
                .setEpochs(epochs)
                .optGradientClipping(0.5)
                .optEarlyStopping(10)
                .optTrainTransform(trainTransforms)
                .optValTransform(valTransforms)
                .optSeed(42)
                .optRunDirectory(runDir)
                .build()) {
            TrainingResult result = trainer.fit(trainData, valData);
            System.out.printf(
                    "best %s %.3f at epoch %d%n",
                    result.getMonitor().getName(), result.getBestValue(), result.getBestEpoch());
        }

        List<Prediction> slices;
        try (SegmentationPredictor predictor = SegmentationPredictor.load(runDir)) {
            slices = predictor.predictFolder(patientDir); // *_mask.tif skipped, _2 before _10
            for (Prediction p : slices) {
                ImageIO.write(
                        p.toMaskImage(),
                        "png",
                        runDir.resolve(p.getSource() + ".mask.png").toFile());
            }
        }
        // README-END
        return slices;
    }

    @Test
    void readmeExampleTrainsAndPredicts() throws IOException {
        Path patient = tmp.resolve("TCGA_XX_0000_20000101");
        Files.createDirectories(patient);
        writeSlices(patient, 2, 10);
        Path runDir = tmp.resolve("run");
        List<Prediction> out = example(
                TinyConvNet.of(8, 0),
                Loss.sigmoidBinaryCrossEntropyLoss(),
                new TestDice(),
                new ScaleToUnit(),
                new ScaleToUnit(),
                new SquareSource(16, 8, Fixtures.SIZE, 9, true),
                new SquareSource(8, 8, Fixtures.SIZE, 10, false),
                2,
                runDir,
                patient);
        assertThat(out)
                .extracting(Prediction::getSource)
                .containsExactly("TCGA_XX_0000_20000101_2.tif", "TCGA_XX_0000_20000101_10.tif");
        assertThat(runDir.resolve("TCGA_XX_0000_20000101_10.tif.mask.png")).isRegularFile();
        assertThat(runDir.resolve("best/spec.json")).isRegularFile();
    }

    /** Writes synthetic 8-bit RGB slices {@code <patient>_<n>.tif}, as the dataset names them. */
    static void writeSlices(Path patient, int... numbers) throws IOException {
        for (int n : numbers) {
            byte[] image = new byte[3 * Fixtures.SIZE * Fixtures.SIZE];
            SquareSource.render(
                    new SplittableRandom(n), true, image, new byte[Fixtures.SIZE * Fixtures.SIZE], Fixtures.SIZE);
            BufferedImage img = new BufferedImage(Fixtures.SIZE, Fixtures.SIZE, BufferedImage.TYPE_3BYTE_BGR);
            int[] plane = new int[Fixtures.SIZE * Fixtures.SIZE];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane.length; p++) {
                    plane[p] = image[c * plane.length + p] & 0xff;
                }
                img.getRaster().setSamples(0, 0, Fixtures.SIZE, Fixtures.SIZE, c, plane);
            }
            ImageIO.write(
                    img,
                    "tiff",
                    patient.resolve(patient.getFileName() + "_" + n + ".tif").toFile());
        }
    }
}
