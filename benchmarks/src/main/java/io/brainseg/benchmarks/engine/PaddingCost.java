package io.brainseg.benchmarks.engine;

import ai.djl.Device;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.benchmarks.models.Networks;
import io.brainseg.benchmarks.models.TrainStep;
import io.brainseg.core.engine.ConvPadding;
import io.brainseg.core.engine.EngineProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the channel padding costs: UNet f=16 training steps (DiceFocal + AdamW, 16×3×224×224) with
 * {@code brainseg.engine.convPadding} alternating between {@code on} and {@code off} in one JVM,
 * one step of each per round after a warm-up, printing each round's times and ratio and the median
 * ratio. On an affected machine {@code off} computes wrong gradients; only its speed matters here.
 * The same for the inference forward pass with {@code forward} as the second argument.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar \
 *     io.brainseg.benchmarks.engine.PaddingCost [rounds=10] [step|forward] [batch=16] [device=cpu]
 * </pre>
 */
public final class PaddingCost {

    private PaddingCost() {}

    /**
     * Runs the comparison.
     *
     * @param args rounds, what (step or forward), batch, device
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        boolean step = args.length <= 1 || !args[1].equals("forward");
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Device device = BenchmarkDevice.of(args.length > 3 ? args[3] : "cpu");
        System.out.println(EngineProbe.verdict(device).describe());
        try (TrainStep t = new TrainStep(Networks.UNET_16, batch, 224, device)) {
            for (String mode : new String[] {"on", "off", "on", "off"}) {
                run(t, mode, step);
            }
            List<Double> ratios = new ArrayList<>();
            System.out.printf(Locale.ROOT, "round,on_ms,off_ms,on/off%n");
            for (int r = 0; r < rounds; r++) {
                // Alternate which goes first, so a drift in machine load hits both alike.
                double on;
                double off;
                if (r % 2 == 0) {
                    on = run(t, "on", step);
                    off = run(t, "off", step);
                } else {
                    off = run(t, "off", step);
                    on = run(t, "on", step);
                }
                ratios.add(on / off);
                System.out.printf(Locale.ROOT, "%d,%.0f,%.0f,%.3f%n", r + 1, on, off, on / off);
            }
            double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s, batch %d: median on/off %.3f (range %.3f-%.3f, %d rounds)%n",
                    step ? "training step" : "forward", batch, sorted[sorted.length / 2], sorted[0],
                    sorted[sorted.length - 1], sorted.length);
        } finally {
            System.clearProperty(ConvPadding.PROPERTY);
        }
    }

    private static double run(TrainStep t, String mode, boolean step) {
        System.setProperty(ConvPadding.PROPERTY, mode);
        long start = System.nanoTime();
        float v = step ? t.step() : t.forward();
        double ms = (System.nanoTime() - start) / 1e6;
        if (Float.isNaN(v)) {
            // Wrong (NaN) gradients with the padding off poison the weights; the timing still counts.
            System.out.println("(NaN result with padding " + mode + ")");
        }
        return ms;
    }
}
