package io.brainseg.benchmarks.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.benchmarks.SliceCounter;
import io.brainseg.benchmarks.models.Networks;
import io.brainseg.core.predict.SegmentationPredictor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference throughput of {@link SegmentationPredictor} (UNet f=16, whole 256×256 RGB slices from
 * uint8, the default {@code ScaleToUnit} preprocessing), in slices per second: the {@code slices}
 * counter of JMH's output (the primary score is calls per second). One call predicts the
 * probabilities of {@code batch} slices and reads one value back; {@code flipAveraging} runs the
 * four flips of test-time augmentation.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar PredictorBenchmark -p batch=16 -p flipAveraging=false}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
public class PredictorBenchmark {

    /** Where the predictor runs: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    /** Slices per call. */
    @Param({"1", "16", "64"})
    public int batch;

    /** Test-time flip averaging (four passes). */
    @Param({"false", "true"})
    public boolean flipAveraging;

    private Path dir;
    private SegmentationPredictor predictor;
    private NDManager data;
    private NDArray images;

    /**
     * Writes an untrained UNet f=16 checkpoint, loads it and makes a uint8 batch.
     *
     * @throws IOException if the checkpoint cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = UntrainedCheckpoint.write(
                Files.createTempDirectory("brainseg-predictor-bench"),
                Networks.UNET_16.build(),
                new Shape(1, 3, 256, 256));
        predictor = SegmentationPredictor.builder()
                .setCheckpoint(dir)
                .optDevice(BenchmarkDevice.of(device))
                .optFlipAveraging(flipAveraging)
                .build();
        data = NDManager.newBaseManager(BenchmarkDevice.of(device));
        byte[] pixels = new byte[batch * 3 * 256 * 256];
        new Random(7).nextBytes(pixels);
        images = data.create(ByteBuffer.wrap(pixels), new Shape(batch, 3, 256, 256), DataType.UINT8)
                .duplicate();
    }

    /**
     * Frees everything and deletes the checkpoint.
     *
     * @throws IOException if the directory cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        data.close();
        predictor.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Predicts one batch.
     *
     * @param counter the slice counter
     * @return the first probability (read back so the work is done)
     */
    @Benchmark
    public float predict(SliceCounter counter) {
        try (NDArray probs = predictor.predictProbabilities(images)) {
            counter.slices += batch;
            return probs.getFloat(0, 0, 0, 0);
        }
    }
}
