package io.brainseg.benchmarks.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.core.engine.EngineProbe;
import io.brainseg.core.engine.ProbeVerdict;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The start-up probe ({@link EngineProbe#run}), whose budget is 50 ms.
 *
 * <ul>
 *   <li>{@code firstCall}: one probe per fresh JVM, after the engine is loaded (a 1-element
 *       array is made in the set-up, so libtorch's start is not counted) but before any
 *       convolution ran: what a process pays at start-up, oneDNN's kernel generation included.
 *       Single-shot, 10 forks.</li>
 *   <li>{@code warm}: the probe again and again in one JVM (average time).</li>
 * </ul>
 * {@code java -jar benchmarks/target/benchmarks.jar EngineProbeBenchmark}
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EngineProbeBenchmark {

    /** Where the probe runs: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    private Device dev;

    /** Loads the engine (not counted) without running a convolution. */
    @Setup(Level.Trial)
    public void loadEngine() {
        dev = BenchmarkDevice.of(device);
        try (NDManager m = NDManager.newBaseManager(dev)) {
            m.ones(new ai.djl.ndarray.types.Shape(1)).sum().getFloat();
        }
    }

    /**
     * The probe as the first convolution work of a process.
     *
     * @return the verdict
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(
            value = 10,
            jvmArgsAppend = {BenchmarkDefaults.OFFLINE})
    public ProbeVerdict firstCall() {
        return EngineProbe.run(dev);
    }

    /**
     * The probe once its kernels exist.
     *
     * @return the verdict
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 3)
    @Fork(
            value = 1,
            jvmArgsAppend = {BenchmarkDefaults.OFFLINE})
    public ProbeVerdict warm() {
        return EngineProbe.run(dev);
    }
}
