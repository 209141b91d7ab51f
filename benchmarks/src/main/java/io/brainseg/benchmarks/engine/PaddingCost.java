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
 * {@code brainseg.engine.convPadding} alternating between two modes in one JVM ({@code on} and
 * {@code off} unless named), one step of each per round after a warm-up, printing each round's
 * times and ratio and the median ratio. On an affected machine {@code off} computes wrong
 * gradients; only its speed matters here.
 * The same for the inference forward pass ({@code forward}) or forward, loss and backward without the
 * update ({@code gradient}: the weights never change, so the wrong gradients of {@code off} cannot
 * poison them with NaN and skew the timing). Each call is
 * timed in wall-clock and in process CPU time; on a machine shared with other work the CPU-time
 * ratio is the steadier one (run with {@code -Dai.djl.pytorch.num_threads=1} so that no idle
 * OpenMP thread spins into the CPU time).
 *
 * <pre>
 * java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar \
 *     io.brainseg.benchmarks.engine.PaddingCost [rounds=10] [step|forward|gradient] [batch=16] [device=cpu] [modes=on,off]
 * </pre>
 */
public final class PaddingCost {

    private PaddingCost() {}

    /**
     * Runs the comparison.
     *
     * @param args rounds, what (step, forward or gradient), batch, device, the two modes compared
     *     ({@code A,B}: the ratio is A/B)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String what = args.length > 1 ? args[1] : "step";
        if (!what.equals("step") && !what.equals("forward") && !what.equals("gradient")) {
            throw new IllegalArgumentException("what must be step, forward or gradient, got " + what);
        }
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Device device = BenchmarkDevice.of(args.length > 3 ? args[3] : "cpu");
        String[] modes = (args.length > 4 ? args[4] : "on,off").split(",");
        if (modes.length != 2) {
            throw new IllegalArgumentException("modes must be two of auto, on, off as A,B, got " + args[4]);
        }
        String a = modes[0];
        String b = modes[1];
        System.out.println(EngineProbe.verdict(device).describe());
        try (TrainStep t = new TrainStep(Networks.UNET_16, batch, 224, device)) {
            for (String mode : new String[] {a, b, a, b}) {
                run(t, mode, what);
            }
            List<Double> wallRatios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            System.out.printf(
                    Locale.ROOT,
                    "round,%1$s_wall_ms,%2$s_wall_ms,%1$s/%2$s_wall,%1$s_cpu_ms,%2$s_cpu_ms,%1$s/%2$s_cpu%n",
                    a,
                    b);
            for (int r = 0; r < rounds; r++) {
                // Alternate which goes first, so a drift in machine load hits both alike.
                double[] first;
                double[] second;
                if (r % 2 == 0) {
                    first = run(t, a, what);
                    second = run(t, b, what);
                } else {
                    second = run(t, b, what);
                    first = run(t, a, what);
                }
                wallRatios.add(first[0] / second[0]);
                cpuRatios.add(first[1] / second[1]);
                System.out.printf(
                        Locale.ROOT,
                        "%d,%.0f,%.0f,%.3f,%.0f,%.0f,%.3f%n",
                        r + 1,
                        first[0],
                        second[0],
                        first[0] / second[0],
                        first[1],
                        second[1],
                        first[1] / second[1]);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s, batch %d, %d rounds: %s/%s wall %s, CPU %s%n",
                    what,
                    batch,
                    rounds,
                    a,
                    b,
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
