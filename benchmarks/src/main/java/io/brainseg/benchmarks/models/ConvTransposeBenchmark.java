package io.brainseg.benchmarks.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.models.blocks.ConvTranspose2d;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The four transposed convolutions of UNet f=16 at their real shapes (batch 16, 224×224 input:
 * 384→64 at 14², 128→32 at 28², 64→16 at 56², 32→1 at 112²; k=3, s=2, p=1, op=1), computed by
 * sub-pixel decomposition, per-phase convolutions or zero insertion, forward and forward+backward.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
public class ConvTransposeBenchmark {

    private static final int[][] LAYERS = {{384, 64, 14}, {128, 32, 28}, {64, 16, 56}, {32, 1, 112}};

    /** The algorithm. */
    @Param({"SUB_PIXEL", "PHASES", "ZERO_INSERTION"})
    public ConvTranspose2d.Algorithm algorithm;

    /** Where the tensors live: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    /** Slices per batch. */
    @Param("16")
    public int batch;

    private NDManager manager;
    private final List<ConvTranspose2d> blocks = new ArrayList<>();
    private final List<NDArray> inputs = new ArrayList<>();

    /** Builds the layers and their inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager(BenchmarkDevice.of(device));
        for (int[] l : LAYERS) {
            ConvTranspose2d b = ConvTranspose2d.builder()
                    .setInChannels(l[0])
                    .setOutChannels(l[1])
                    .setKernelSize(3)
                    .optStride(2)
                    .optPadding(1)
                    .optOutputPadding(1)
                    .optAlgorithm(algorithm)
                    .build();
            b.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            Shape shape = new Shape(batch, l[0], l[2], l[2]);
            b.initialize(manager, DataType.FLOAT32, shape);
            for (Parameter p : b.getParameters().values()) {
                p.getArray().setRequiresGradient(true);
            }
            blocks.add(b);
            inputs.add(manager.randomNormal(shape));
        }
    }

    /** Releases the arrays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * All four layers, forward only.
     *
     * @return a checksum
     */
    @Benchmark
    public float forward() {
        float sum = 0;
        try (NDManager step = manager.newSubManager()) {
            for (int i = 0; i < blocks.size(); i++) {
                NDArray x = inputs.get(i).duplicate();
                x.attach(step);
                sum += blocks.get(i)
                        .forward(new ParameterStore(step, false), new NDList(x), false)
                        .singletonOrThrow()
                        .get(0, 0, 0, 0)
                        .getFloat();
            }
        }
        return sum;
    }

    /**
     * All four layers, forward and backward (input and parameter gradients).
     *
     * @return a checksum
     */
    @Benchmark
    public float forwardBackward() {
        return BlockPasses.forwardBackward(manager, blocks, inputs);
    }
}
