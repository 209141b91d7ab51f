package io.brainseg.benchmarks.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.management.OperatingSystemMXBean;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.core.engine.EngineProbe;
import io.brainseg.core.engine.ProbeVerdict;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The start-up probe's cost in wall-clock and process CPU time, call by call, in a fresh JVM: the
 * engine is loaded first (a 1-element sum, not counted), then {@link EngineProbe#run} is called
 * {@code calls} times; the first call includes oneDNN's generation of the kernels it needs. On a
 * machine shared with other work the CPU time is the steadier figure (run with
 * {@code -Dai.djl.pytorch.num_threads=1} so that no idle OpenMP thread spins into it);
 * {@link EngineProbeBenchmark} gives the JMH wall-clock figures.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp benchmarks/target/benchmarks.jar \
 *     io.brainseg.benchmarks.engine.ProbeCpuTime [calls=4] [device=cpu]
 * </pre>
 */
public final class ProbeCpuTime {

    private ProbeCpuTime() {}

    /**
     * Runs the probe and prints one line per call.
     *
     * @param args calls, device
     */
    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        Device device = BenchmarkDevice.of(args.length > 1 ? args[1] : "cpu");
        try (NDManager m = NDManager.newBaseManager(device)) {
            m.ones(new Shape(1)).sum().getFloat();
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < calls; i++) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            ProbeVerdict v = EngineProbe.run(device);
            System.out.printf(
                    Locale.ROOT,
                    "call %d: wall %.1f ms, process CPU %.1f ms, defect %s%n",
                    i + 1,
                    (System.nanoTime() - start) / 1e6,
                    (os.getProcessCpuTime() - cpu) / 1e6,
                    v.defect());
        }
    }
}
