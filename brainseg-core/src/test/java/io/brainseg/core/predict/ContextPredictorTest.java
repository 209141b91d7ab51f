package io.brainseg.core.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.task.BinarySegmentationTask;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.core.train.TinyConvNet;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2.5-D (9-channel) checkpoint: patient-level prediction stacks neighbours, single slices are refused. */
class ContextPredictorTest {

    private static final int S = 16;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path checkpoint;

    /** An untrained 9-channel network: the stacking, not the weights, is under test. */
    @BeforeAll
    static void writeCheckpoint() throws IOException {
        checkpoint = shared.resolve("best");
        TinyConvNet net = TinyConvNet.of(4, 0.0);
        Shape input = new Shape(1, 9, S, S);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, input);
            Checkpoint.writeWeights(
                    checkpoint,
                    net,
                    net.getSpec(),
                    input,
                    BinarySegmentationTask.builder().build());
        }
    }

    private static byte[] randomSlice(long seed) {
        byte[] b = new byte[3 * S * S];
        new SplittableRandom(seed).nextBytes(b);
        return b;
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

    private static Path patientFolder(Path dir, int... numbers) throws IOException {
        Files.createDirectories(dir);
        for (int n : numbers) {
            assertThat(ImageIO.write(
                            toImage(randomSlice(n)),
                            "tiff",
                            dir.resolve("P_" + n + ".tif").toFile()))
                    .isTrue();
        }
        return dir;
    }

    @Test
    void reportsItsContextAndRefusesSingleSlicesWithOneClearLine() throws IOException {
        Path folder = patientFolder(tmp.resolve("P"), 1);
        try (SegmentationPredictor p = SegmentationPredictor.load(checkpoint)) {
            assertThat(p.getInputChannels()).isEqualTo(9);
            assertThat(p.getContext()).isEqualTo(1);
            BufferedImage one = toImage(randomSlice(1));
            for (Runnable call : List.<Runnable>of(
                    () -> p.predict(one), () -> p.predict(folder.resolve("P_1.tif")), () -> p.predict(List.of(one)))) {
                assertThatThrownBy(call::run)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("this model takes 9-channel 2.5-D input (context 1)")
                        .hasMessageContaining("predict a patient's folder");
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray threeChannels = m.zeros(new Shape(1, 3, S, S), DataType.UINT8);
                assertThatThrownBy(() -> p.predict(threeChannels))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("takes 9 channels (9-channel 2.5-D input (context 1))");
            }
        }
    }

    @Test
    void aFolderIsStackedBelowCentreAboveWithTheEdgeSlicesRepeated() throws IOException {
        Path folder = patientFolder(tmp.resolve("P"), 1, 2, 3, 10, 4, 5, 6, 7, 8, 9);
        int n = 10;
        // The input the network must see, built by hand: slice i-1, i, i+1 clamped to 1..n.
        ByteBuffer stacked = ByteBuffer.allocateDirect(n * 9 * S * S);
        for (int z = 1; z <= n; z++) {
            for (int neighbour : new int[] {Math.max(1, z - 1), z, Math.min(n, z + 1)}) {
                stacked.put(randomSlice(neighbour));
            }
        }
        stacked.flip();
        try (SegmentationPredictor p = SegmentationPredictor.builder()
                        .setCheckpoint(checkpoint)
                        .optBatchSize(3)
                        .build();
                NDManager m = NDManager.newBaseManager()) {
            List<Prediction> fromFolder = p.predictFolder(folder);
            List<Prediction> expected = p.predict(m.create(stacked, new Shape(n, 9, S, S), DataType.UINT8));
            assertThat(fromFolder).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(fromFolder.get(i).getSource()).isEqualTo("P_" + (i + 1) + ".tif");
                assertThat(fromFolder.get(i).getProbabilities())
                        .as("slice %d", i + 1)
                        .containsExactly(expected.get(i).getProbabilities(), Offset.offset(1e-5f));
            }
            // The same volume given as images in slice order.
            List<BufferedImage> images = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int z = 1; z <= n; z++) {
                images.add(toImage(randomSlice(z)));
                names.add("");
            }
            List<Prediction> volume = p.predictVolume(images, names);
            for (int i = 0; i < n; i++) {
                assertThat(volume.get(i).getProbabilities())
                        .containsExactly(expected.get(i).getProbabilities(), Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void aFolderWithAGapOrWithoutSliceNumbersIsRefused() throws IOException {
        Path gap = patientFolder(tmp.resolve("gap"), 1, 2, 4);
        Path unnamed = tmp.resolve("unnamed");
        Files.createDirectories(unnamed);
        ImageIO.write(
                toImage(randomSlice(1)), "tiff", unnamed.resolve("scan.tif").toFile());
        try (SegmentationPredictor p = SegmentationPredictor.load(checkpoint)) {
            assertThatThrownBy(() -> p.predictFolder(gap))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("P_4.tif: slice 4 follows slice 2");
            assertThatThrownBy(() -> p.predictFolder(unnamed))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("scan.tif")
                    .hasMessageContaining("<patient>_<n>.tif");
        }
    }
}
