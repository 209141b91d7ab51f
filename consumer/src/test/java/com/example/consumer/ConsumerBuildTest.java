package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.brainseg.core.batch.BatchSource;
import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import io.brainseg.data.SliceLoader;
import io.brainseg.data.SyntheticLgg;
import io.brainseg.metrics.DiceMetric;
import io.brainseg.metrics.loss.DiceFocalLoss;
import io.brainseg.models.UNet;
import io.brainseg.transforms.Transforms;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What "add brainseg as a Maven dependency" has to give an outside project: train, save, reload,
 * predict a TIFF, write the mask. Uses only the published API of the installed artifacts.
 */
class ConsumerBuildTest {

    private static final int SIZE = 64;

    @TempDir
    Path tmp;

    @Test
    void trainsOneEpochReloadsTheRunAndPredictsATiff() throws Exception {
        // docs/getting-started.md: train
        Path data = SyntheticLgg.builder().optPatients(4).optSlicesPerPatient(4).optSize(SIZE).optSeed(7)
                .build().write(tmp.resolve("data"));
        Path runDir = tmp.resolve("run");

        TrainingResult result;
        try (LggDataset dataset = LggDataset.builder().setPath(data).optExpectedSize(SIZE).build()) {
            SliceCache cache = SliceCache.load(dataset);
            PatientSplit split = PatientSplit.builder().setPatients(dataset.getPatientIds())
                    .optFractions(0.75, 0.25, 0).optSeed(1).build();
            BatchSource train = SliceLoader.builder().setCache(cache.subset(split.getTrain())).setBatchSize(4)
                    .optShuffle(true).optSeed(1).build();
            BatchSource val = SliceLoader.builder().setCache(cache.subset(split.getValidation())).setBatchSize(4)
                    .build();
            UNet unet = UNet.builder().setInChannels(3).setOutChannels(1).setChannels(4, 8, 16, 32, 64)
                    .setStrides(2, 2, 2, 2).optNumResUnits(1).build();
            try (SegmentationTrainer trainer = SegmentationTrainer.builder()
                    .setModel(unet).setLoss(DiceFocalLoss.builder().build())
                    .addMetric(DiceMetric.builder().build())
                    .optTrainTransform(Transforms.referenceTrain(48))
                    .optValTransform(Transforms.referenceValidation(48))
                    .setEpochs(1).optSeed(1).optRunDirectory(runDir)
                    .build()) {
                result = trainer.fit(train, val);
            }
        }
        // end
        assertEquals(1, result.getHistory().size());
        assertTrue(Double.isFinite(result.getHistory().get(0).getTrainLoss()), "training loss is finite");
        assertTrue(Files.isRegularFile(runDir.resolve("best/parameters.params")), "best checkpoint saved");

        String patient = SyntheticLgg.patientId(0);
        Path slice = data.resolve(patient).resolve(patient + "_2.tif");
        Path maskFile = tmp.resolve("out").resolve(patient + "_2_pred.tif");
        Files.createDirectories(maskFile.getParent());

        // docs/getting-started.md: predict
        Prediction prediction;
        try (SegmentationPredictor predictor = SegmentationPredictor.load(runDir)) {
            prediction = predictor.predict(slice);                  // a 256×256 RGB TIFF in the real data
        }
        ImageIO.write(prediction.toMaskImage(), "tiff", maskFile.toFile()); // 0/255, like *_mask.tif
        // end
        assertEquals(SIZE, prediction.getHeight());
        assertEquals(SIZE, prediction.getWidth());

        // The mask file: right size, 0/255, pixel for pixel the prediction's mask.
        BufferedImage written = ImageIO.read(maskFile.toFile());
        assertEquals(SIZE, written.getWidth());
        assertEquals(SIZE, written.getHeight());
        int[] pixels = written.getRaster().getSamples(0, 0, SIZE, SIZE, 0, new int[SIZE * SIZE]);
        byte[] mask = prediction.getMask();
        for (int i = 0; i < pixels.length; i++) {
            assertEquals(mask[i] != 0 ? 255 : 0, pixels[i], "mask pixel " + i);
        }

        // A direct call: the checkpoint's network on the slice scaled by hand (x / 255), then
        // sigmoid, gives the predictor's probabilities; its mask is probability > threshold.
        float[] direct = directProbabilities(runDir, slice);
        float[] probabilities = prediction.getProbabilities();
        assertEquals(direct.length, probabilities.length);
        for (int i = 0; i < direct.length; i++) {
            assertEquals(direct[i], probabilities[i], 1e-5f, "probability " + i);
            assertEquals(probabilities[i] > prediction.getThreshold() ? 1 : 0, mask[i], "mask " + i);
        }
        try (SegmentationPredictor predictor = SegmentationPredictor.load(runDir)) {
            assertArrayEquals(probabilities, predictor.predict(ImageIO.read(slice.toFile())).getProbabilities(),
                    "predicting the decoded image gives what predicting the file gave");
        }
    }

    private static float[] directProbabilities(Path runDir, Path slice) throws Exception {
        Raster raster = ImageIO.read(slice.toFile()).getRaster();
        float[] input = new float[3 * SIZE * SIZE];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    input[(c * SIZE + y) * SIZE + x] = raster.getSample(x, y, c) / 255f;
                }
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Checkpoint.read(Checkpoint.locate(runDir)).loadBlock(manager);
            NDArray x = manager.create(input, new Shape(1, 3, SIZE, SIZE));
            NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();
            float[] out = logits.toFloatArray();
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (1 / (1 + Math.exp(-out[i])));
            }
            return out;
        }
    }
}
