package io.brainseg.benchmarks.engine;

import ai.djl.Device;
import com.sun.management.OperatingSystemMXBean;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.benchmarks.models.Networks;
import io.brainseg.benchmarks.models.TrainStep;
import io.brainseg.core.engine.ConvPadding;
import io.brainseg.core.engine.EngineProbe;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the channel padding costs: UNet f=16 training steps (DiceFocal + AdamW, 16×3×224×224) with
 * {@code brainseg.engine.convPadding} alternating between {@code on} and {@code off} in one JVM,
 * one step of each per round after a warm-up, printing each round's times and ratio and the median
 * ratio. On an affected machine {@code off} computes wrong gradients; only its speed matters here.
 * The same for the inference forward pass ({@code forward}) or forward, loss and backward without the
 * update ({@code gradient}: the weights never change, so the wrong gradients of {@code off} cannot
 * poison them with NaN and skew the timing). Each call is
 * timed in wall-clock and in process CPU time; on a machine shared with other work the CPU-time
 * ratio is the steadier one (run with {@code -Dai.djl.pytorch.num_threads=1} so that no idle
 * OpenMP thread spins into the CPU time).
 *
 * <pre>
 * java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar \
 *     io.brainseg.benchmarks.engine.PaddingCost [rounds=10] [step|forward|gradient] [batch=16] [device=cpu]
 * </pre>
 */
public final class PaddingCost {

    private PaddingCost() {}

    /**
     * Runs the comparison.
     *
     * @param args rounds, what (step, forward or gradient), batch, device
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String what = args.length > 1 ? args[1] : "step";
        if (!what.equals("step") && !what.equals("forward") && !what.equals("gradient")) {
            throw new IllegalArgumentException("what must be step, forward or gradient, got " + what);
        }
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Device device = BenchmarkDevice.of(args.length > 3 ? args[3] : "cpu");
        System.out.println(EngineProbe.verdict(device).describe());
        try (TrainStep t = new TrainStep(Networks.UNET_16, batch, 224, device)) {
            for (String mode : new String[] {"on", "off", "on", "off"}) {
                run(t, mode, what);
            }
            List<Double> wallRatios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            System.out.printf(
                    Locale.ROOT, "round,on_wall_ms,off_wall_ms,on/off_wall,on_cpu_ms,off_cpu_ms,on/off_cpu%n");
            for (int r = 0; r < rounds; r++) {
                // Alternate which goes first, so a drift in machine load hits both alike.
                double[] on;
                double[] off;
                if (r % 2 == 0) {
                    on = run(t, "on", what);
                    off = run(t, "off", what);
                } else {
                    off = run(t, "off", what);
                    on = run(t, "on", what);
                }
                wallRatios.add(on[0] / off[0]);
                cpuRatios.add(on[1] / off[1]);
                System.out.printf(
                        Locale.ROOT,
                        "%d,%.0f,%.0f,%.3f,%.0f,%.0f,%.3f%n",
                        r + 1,
                        on[0],
                        off[0],
                        on[0] / off[0],
                        on[1],
                        off[1],
                        on[1] / off[1]);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s, batch %d, %d rounds: on/off wall %s, CPU %s%n",
                    what,
                    batch,
                    rounds,
                    summary(wallRatios),
                    summary(cpuRatios));
        } finally {
            System.clearProperty(ConvPadding.PROPERTY);
        }
    }

    private static String summary(List<Double> ratios) {
        double[] sorted =
                ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(
                Locale.ROOT,
                "median %.3f (range %.3f-%.3f)",
                sorted[sorted.length / 2],
                sorted[0],
                sorted[sorted.length - 1]);
    }

    /** Returns {wall ms, process CPU ms} of one call. */
    private static double[] run(TrainStep t, String mode, String what) {
        System.setProperty(ConvPadding.PROPERTY, mode);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        float v =
                switch (what) {
                    case "step" -> t.step();
                    case "forward" -> t.forward();
                    default -> t.gradient();
                };
        double[] ms = {(System.nanoTime() - start) / 1e6, (os.getProcessCpuTime() - cpu) / 1e6};
        if (Float.isNaN(v)) {
            // Wrong (NaN) gradients with the padding off poison the weights; the timing still counts.
            System.out.println("(NaN result with padding " + mode + ")");
        }
        return ms;
    }
}
