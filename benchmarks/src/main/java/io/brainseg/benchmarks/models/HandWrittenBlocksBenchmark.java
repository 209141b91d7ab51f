package io.brainseg.benchmarks.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.models.blocks.ConvTranspose2d;
import io.brainseg.models.blocks.InstanceNorm2d;
import io.brainseg.models.blocks.PReLU;
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
 * Time spent in the hand-written blocks of UNet f=16 (batch 16×3×224×224): every
 * {@link ConvTranspose2d}, {@link InstanceNorm2d} or {@link PReLU} instance of the network is run
 * on an input of its real shape, forward (inference) or forward+backward. Compared with
 * {@link NetworkBenchmark} this gives the blocks' share of a forward pass and a training step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
public class HandWrittenBlocksBenchmark {

    /** The block type timed. */
    @Param({"ConvTranspose2d", "InstanceNorm2d", "PReLU"})
    public String blockType;

    /** Where the tensors live: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    /** Slices per batch. */
    @Param("16")
    public int batch;

    private NDManager manager;
    private final List<Block> blocks = new ArrayList<>();
    private final List<NDArray> inputs = new ArrayList<>();

    /** Builds UNet f=16, finds the blocks of the type and makes inputs of their shapes. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager(BenchmarkDevice.of(device));
        Block net = Networks.UNET_16.build();
        net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        net.initialize(manager, DataType.FLOAT32, new Shape(batch, 3, 224, 224));
        collect(net);
        for (Block b : blocks) {
            for (Parameter p : b.getParameters().values()) {
                p.getArray().setRequiresGradient(true);
            }
            inputs.add(manager.randomNormal(b.getInputShapes()[0]));
        }
    }

    private void collect(Block block) {
        if (block.getClass().getSimpleName().equals(blockType)) {
            blocks.add(block);
            return;
        }
        for (Block child : block.getChildren().values()) {
            collect(child);
        }
    }

    /** Releases the arrays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * Every instance, forward only.
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
     * Every instance, forward and backward.
     *
     * @return a checksum
     */
    @Benchmark
    public float forwardBackward() {
        return BlockPasses.forwardBackward(manager, blocks, inputs);
    }
}
