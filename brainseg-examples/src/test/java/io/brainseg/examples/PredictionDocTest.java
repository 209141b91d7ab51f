package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.data.SyntheticLgg;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of docs/prediction.md, run on a one-epoch run (the page shows the marked lines). */
class PredictionDocTest {

    @TempDir
    Path out;

    @Test
    void predictsAFolderAndOneFileAndWritesMasks() throws Exception {
        Path runDir = Cli.tinyRun();
        Path patientDir = Cli.tinyData().resolve(SyntheticLgg.patientId(0));
        Path tiff = patientDir.resolve(SyntheticLgg.patientId(0) + "_3.tif");
        // spotless:off
        // docs/prediction.md: predict
        try (SegmentationPredictor predictor = SegmentationPredictor.builder()
                .setCheckpoint(runDir)           // a run directory (best/, else last/) or a checkpoint directory
                .optFlipAveraging(false)         // true: mean of 4 flipped passes, 4x the cost
                .build()) {
            Prediction one = predictor.predict(tiff);                  // a TIFF, PNG, ... file
            List<Prediction> slices = predictor.predictFolder(patientDir); // *_mask.tif skipped, _2 before _10
            for (Prediction p : slices) {
                // 0/255 grey mask, like the dataset's own *_mask.tif
                ImageIO.write(p.toMaskImage(), "tiff", out.resolve(p.getSource().replace(".tif", "_pred.tif")).toFile());
            }
            System.out.printf("%s: %d tumour pixels, probability at the centre %.3f%n", one.getSource(),
                    one.getForegroundPixels(), one.probability(16, 16));
        }
        // end
        // spotless:on
        assertThat(Files.list(out).count()).isEqualTo(6);
        BufferedImage mask = ImageIO.read(
                out.resolve(SyntheticLgg.patientId(0) + "_3_pred.tif").toFile());
        assertThat(mask.getWidth()).isEqualTo(32);
        assertThat(mask.getHeight()).isEqualTo(32);
        try (SegmentationPredictor predictor = SegmentationPredictor.load(runDir)) {
            Prediction one = predictor.predict(tiff);
            int[] pixels = mask.getRaster().getSamples(0, 0, 32, 32, 0, new int[32 * 32]);
            byte[] m = one.getMask();
            for (int i = 0; i < pixels.length; i++) {
                assertThat(pixels[i]).isEqualTo(m[i] != 0 ? 255 : 0);
                assertThat(m[i] != 0).isEqualTo(one.getProbabilities()[i] > one.getThreshold());
            }
        }
    }
}
