package io.brainseg.core.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.core.train.CheckpointException;
import io.brainseg.core.train.Fixtures;
import io.brainseg.core.train.LearningRateSchedule;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.SquareSource;
import io.brainseg.core.train.TrainingResult;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationPredictorTest {

    private static final int S = Fixtures.SIZE;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path run;

    @BeforeAll
    static void trainOnce() {
        run = shared.resolve("run");
        try (SegmentationTrainer t = Fixtures.builder(run, 4)
                .optSchedule(LearningRateSchedule.constant(1e-2))
                .build()) {
            TrainingResult r = t.fit(Fixtures.train(), Fixtures.val());
            assertThat(r.getBestValue())
                    .as("validation Dice of the model under test")
                    .isGreaterThan(0.8);
        }
    }

    /** A new slice (not in the training data), as uint8 bytes 3×S×S and its mask. */
    private static byte[][] slice(long seed) {
        byte[] image = new byte[3 * S * S];
        byte[] mask = new byte[S * S];
        SquareSource.render(new SplittableRandom(seed), true, image, mask, S);
        return new byte[][] {image, mask};
    }

    private static BufferedImage toImage(byte[] chw) {
        BufferedImage img = new BufferedImage(S, S, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = img.getRaster();
        int[] plane = new int[S * S];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane.length; p++) {
                plane[p] = chw[c * S * S + p] & 0xff;
            }
            r.setSamples(0, 0, S, S, c, plane);
        }
        return img;
    }

    private static double dice(byte[] predicted, byte[] truth) {
        int inter = 0;
        int sum = 0;
        for (int i = 0; i < truth.length; i++) {
            inter += predicted[i] * truth[i];
            sum += predicted[i] + truth[i];
        }
        return 2.0 * inter / sum;
    }

    @Test
    void predictsTheSquareOfANewSliceFromABufferedImage() {
        byte[][] s = slice(1234);
        try (SegmentationPredictor p = SegmentationPredictor.load(run)) {
            assertThat(p.getSpec().getArchitecture()).isEqualTo("tiny-conv");
            Prediction pred = p.predict(toImage(s[0]));
            assertThat(pred.getHeight()).isEqualTo(S);
            assertThat(pred.getWidth()).isEqualTo(S);
            assertThat(pred.getSource()).isNull();
            for (float v : pred.getProbabilities()) {
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(dice(pred.getMask(), s[1])).isGreaterThan(0.8);
            BufferedImage mask = pred.toMaskImage();
            assertThat(mask.getRaster().getSample(0, 0, 0)).isIn(0, 255);
        }
    }

    @Test
    void tiffFilesAFolderInNaturalOrderAndArraysGiveTheSamePrediction() throws IOException {
        Path patient = tmp.resolve("P");
        Files.createDirectories(patient);
        List<byte[][]> slices = new ArrayList<>();
        for (int n : new int[] {1, 2, 10}) {
            byte[][] s = slice(100 + n);
            slices.add(s);
            assertThat(ImageIO.write(
                            toImage(s[0]),
                            "tiff",
                            patient.resolve("P_" + n + ".tif").toFile()))
                    .isTrue();
        }
        BufferedImage maskImg = new BufferedImage(S, S, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(maskImg, "tiff", patient.resolve("P_1_mask.tif").toFile());
        try (SegmentationPredictor p = SegmentationPredictor.builder()
                        .setCheckpoint(run)
                        .optBatchSize(2)
                        .build();
                NDManager m = NDManager.newBaseManager()) {
            List<Prediction> folder = p.predictFolder(patient);
            assertThat(folder).extracting(Prediction::getSource).containsExactly("P_1.tif", "P_2.tif", "P_10.tif");
            Prediction one = p.predict(patient.resolve("P_10.tif"));
            assertThat(one.getProbabilities()).containsExactly(folder.get(2).getProbabilities());

            ByteBuffer buf = ByteBuffer.allocateDirect(3 * 3 * S * S);
            slices.forEach(s -> buf.put(s[0]));
            buf.flip();
            NDArray images = m.create(buf, new Shape(3, 3, S, S), DataType.UINT8);
            List<Prediction> fromArray = p.predict(images);
            for (int i = 0; i < 3; i++) {
                // Batches of 3 and of 2 + 1 may round differently in the last bits.
                assertThat(fromArray.get(i).getProbabilities())
                        .containsExactly(folder.get(i).getProbabilities(), org.assertj.core.data.Offset.offset(1e-5f));
                assertThat(dice(folder.get(i).getMask(), slices.get(i)[1])).isGreaterThan(0.8);
            }
            NDArray probs = p.predictProbabilities(images);
            assertThat(probs.getShape()).isEqualTo(new Shape(3, 1, S, S));
            assertThat(probs.getManager()).isSameAs(images.getManager());
            assertThat(images.getDataType()).isEqualTo(DataType.UINT8);
        }
    }

    @Test
    void thresholdIsConfigurable() {
        BufferedImage img = toImage(slice(7)[0]);
        try (SegmentationPredictor def = SegmentationPredictor.load(run);
                SegmentationPredictor strict = SegmentationPredictor.builder()
                        .setCheckpoint(run)
                        .optThreshold(0.999)
                        .build()) {
            assertThat(def.getThreshold()).isEqualTo(0.5);
            Prediction a = def.predict(img);
            Prediction b = strict.predict(img);
            assertThat(b.getProbabilities()).containsExactly(a.getProbabilities());
            assertThat(b.getForegroundPixels()).isLessThan(a.getForegroundPixels());
        }
    }

    @Test
    void flipAveragingIsTheMeanOfTheFourFlippedPassesAndCommutesWithTheFlips() {
        byte[] image = slice(4321)[0];
        try (SegmentationPredictor plain = SegmentationPredictor.load(run);
                SegmentationPredictor tta = SegmentationPredictor.builder()
                        .setCheckpoint(run)
                        .optFlipAveraging(true)
                        .build();
                NDManager m = NDManager.newBaseManager()) {
            assertThat(plain.isFlipAveraging()).isFalse();
            assertThat(tta.isFlipAveraging()).isTrue();
            NDArray x = m.create(ByteBuffer.wrap(image), new Shape(1, 3, S, S), DataType.UINT8);
            NDArray expected = plain.predictProbabilities(x);
            for (int[] axes : new int[][] {{2}, {3}, {2, 3}}) {
                expected = expected.add(plain.predictProbabilities(x.flip(axes)).flip(axes));
            }
            expected = expected.div(4);
            NDArray averaged = tta.predictProbabilities(x);
            assertThat(averaged.sub(expected).abs().max().getFloat()).isLessThan(1e-6f);
            // Not the plain prediction under another name: the fixture's network is not flip-invariant.
            assertThat(averaged.sub(plain.predictProbabilities(x)).abs().max().getFloat())
                    .isGreaterThan(1e-4f);
            for (int[] axes : new int[][] {{2}, {3}}) {
                NDArray ofFlipped = tta.predictProbabilities(x.flip(axes)).flip(axes);
                assertThat(ofFlipped.sub(averaged).abs().max().getFloat())
                        .as("flip %s", axes[0])
                        .isLessThan(1e-6f);
            }
            Prediction p = tta.predict(x).get(0);
            assertThat(p.getProbabilities()).containsExactly(averaged.toFloatArray());
        }
    }

    @Test
    void concurrentCallersGetTheSameResultAsOneCaller() throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(toImage(slice(500 + i)[0]));
        }
        try (SegmentationPredictor p = SegmentationPredictor.load(run)) {
            List<float[]> expected = new ArrayList<>();
            images.forEach(img -> expected.add(p.predict(img).getProbabilities()));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    futures.add(pool.submit(() -> {
                        for (int k = 0; k < 5; k++) {
                            for (int i = 0; i < images.size(); i++) {
                                if (!java.util.Arrays.equals(
                                        p.predict(images.get(i)).getProbabilities(), expected.get(i))) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : futures) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private Path copyOfBest() throws IOException {
        Path dst = tmp.resolve("copy");
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(run.resolve(Checkpoint.BEST))) {
            for (Path f : files.toList()) {
                Files.copy(f, dst.resolve(f.getFileName()));
            }
        }
        return dst;
    }

    @Test
    void missingSpecOrParametersFailNamingTheFile() throws IOException {
        Path cp = copyOfBest();
        Files.delete(cp.resolve(Checkpoint.PARAMETERS));
        assertThatThrownBy(() -> SegmentationPredictor.load(cp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cp.resolve("parameters.params").toString())
                .hasMessageContaining("missing");
        Files.delete(cp.resolve(Checkpoint.SPEC));
        assertThatThrownBy(() -> SegmentationPredictor.load(cp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cp.resolve("spec.json").toString())
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> SegmentationPredictor.load(tmp.resolve("nothing")))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("no such checkpoint in");
    }

    @Test
    void aSpecThatDoesNotMatchTheParametersFailsNamingTheMismatch() throws IOException {
        Path cp = copyOfBest();
        String spec = Files.readString(cp.resolve(Checkpoint.SPEC));
        Files.writeString(cp.resolve(Checkpoint.SPEC), spec.replaceAll("\"filters\": 16", "\"filters\": 8"));
        assertThatThrownBy(() -> SegmentationPredictor.load(cp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameters.params: does not match")
                .hasMessageContaining("(16, 3, 3, 3) in the file")
                .hasMessageContaining("(8, 3, 3, 3) in the block");
    }

    @Test
    void aCorruptParameterFileFailsNamingTheFile() throws IOException {
        Path cp = copyOfBest();
        byte[] bytes = Files.readAllBytes(cp.resolve(Checkpoint.PARAMETERS));
        bytes[bytes.length - 3] ^= 0x5a;
        Files.write(cp.resolve(Checkpoint.PARAMETERS), bytes);
        assertThatThrownBy(() -> SegmentationPredictor.load(cp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameters.params: corrupt")
                .hasMessageContaining("SHA-256");
    }
}
