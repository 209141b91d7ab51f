package io.brainseg.benchmarks.models;

import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
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
 * Forward pass and training step of UNet f=16/32 and AttentionUNet f=16 on a batch of
 * {@code batch}×3×{@code size}×{@code size} on {@code device} (default 16×3×224×224: the
 * reference batch and crop; {@code -p size=256} is a whole slice, what {@code train --crop 256}
 * steps on). MONAI's figures for the same work come from {@code benchmarks/peers} run side by side
 * (docs/benchmarks.md).
 *
 * <p>The training step is forward, loss, backward and an AdamW update (lr 1e-3, weight decay
 * 1e-5), each in its own sub-manager, with brainseg-metrics' DiceFocalLoss as in the reference.
 * The forward pass is inference (no gradient recording).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
public class NetworkBenchmark {

    /** Which network. */
    @Param({"UNET_16", "UNET_32", "ATTENTION_16"})
    public Networks network;

    /** Where the tensors live: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    /** Slices per batch. */
    @Param("16")
    public int batch;

    /**
     * Side of the square slices, a multiple of 16 (the UNet halves it four times): 224 is the
     * reference crop, 256 a whole slice.
     */
    @Param("224")
    public int size;

    /** The network, its DJL trainer and the batch (shared with the benchmark programs). */
    private TrainStep step;

    /** Builds and initialises the network and a fixed {@code size×size} batch. */
    @Setup(Level.Trial)
    public void setUp() {
        step = new TrainStep(network, batch, size, BenchmarkDevice.of(device));
    }

    /** Releases the model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
    }

    /**
     * Inference forward pass.
     *
     * @return the sum of the logits (read back so the work is done)
     */
    @Benchmark
    public float forward() {
        return step.forward();
    }

    /**
     * Forward, loss, backward and AdamW step.
     *
     * @return the loss
     */
    @Benchmark
    public float trainStep() {
        return step.step();
    }
}
