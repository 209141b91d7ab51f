package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.train.Fixtures;
import io.brainseg.core.train.LearningRateSchedule;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.SquareSource;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.data.PlanarImage;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Shared fixtures of the server tests: a tiny network trained once per JVM on 32×32 slices with a
 * bright square (core's test fixtures), and such slices encoded as the dataset's files.
 */
final class TestRun {

    /** Slice side of the fixture. */
    static final int S = Fixtures.SIZE;

    private static Path run;

    private TestRun() {}

    /** The run directory, trained on first call. */
    static synchronized Path run() {
        if (run == null) {
            try {
                Path dir = Files.createTempDirectory("brainseg-serve-run").resolve("run");
                try (SegmentationTrainer t = Fixtures.builder(dir, 4)
                        .optSchedule(LearningRateSchedule.constant(1e-2))
                        .build()) {
                    TrainingResult r = t.fit(Fixtures.train(), Fixtures.val());
                    assertThat(r.getBestValue())
                            .as("validation Dice of the served test model")
                            .isGreaterThan(0.8);
                }
                run = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return run;
    }

    /** A predictor on the run; the caller closes it. */
    static SegmentationPredictor predictor() {
        return SegmentationPredictor.load(run());
    }

    /** A new 32×32 slice with a square (seeded), channel-first. */
    static PlanarImage slice(long seed) {
        byte[] image = new byte[3 * S * S];
        byte[] mask = new byte[S * S];
        SquareSource.render(new SplittableRandom(seed), true, image, mask, S);
        return new PlanarImage(3, S, S, image);
    }

    /** A slice as an RGB image. */
    static BufferedImage image(PlanarImage p) {
        BufferedImage img = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = img.getRaster();
        int n = p.height() * p.width();
        int[] plane = new int[n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                plane[i] = p.planes()[c * n + i] & 0xff;
            }
            r.setSamples(0, 0, p.width(), p.height(), c, plane);
        }
        return img;
    }

    /** An image encoded as {@code tiff} or {@code png}. */
    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertThat(ImageIO.write(img, format, out))
                    .as("writer for " + format)
                    .isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A slice as a TIFF file's bytes. */
    static byte[] tiff(PlanarImage p) {
        return encode(image(p), "tiff");
    }
}
