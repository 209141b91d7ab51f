package io.brainseg.benchmarks.peers;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.sun.management.OperatingSystemMXBean;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.benchmarks.models.Networks;
import io.brainseg.benchmarks.models.TrainStep;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.engine.EngineProbe;
import io.brainseg.transforms.Compose;
import io.brainseg.transforms.Transforms;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * One round of brainseg's side of {@code benchmarks/peers/run.sh}, the same work as its
 * {@code monai_round.py}: the reference training augmentation for a batch of 16 uint8 3×256×256
 * slices and masks (brainseg's fused pipeline, {@code Transforms.referenceTrain(224)}), UNet f=16
 * inference on 16×3×224×224, and a training step (DiceFocal, AdamW lr 1e-3, weight decay 1e-5).
 * Each is called to warm up (100 times for the augmentation, whose Java kernels the JIT compiles
 * only after many calls; twice for the network), then timed {@code reps} times (the augmentation
 * ten calls per timing, since the process CPU clock ticks in 10 ms steps); the medians of the
 * wall-clock and of the process CPU time per call are printed as one JSON line. libtorch's thread count is
 * {@code -Dai.djl.pytorch.num_threads} (default: the cores).
 *
 * <pre>
 * java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar io.brainseg.benchmarks.peers.BrainsegRound [reps=3] [device=cpu]
 * </pre>
 */
public final class BrainsegRound {

    private static final int BATCH = 16;

    /**
     * Augmentation calls per timing: the JVM's process CPU clock ticks in 10 ms steps here, as
     * coarse as one call, so one timing covers ten calls.
     */
    private static final int AUGMENT_CALLS = 10;

    /**
     * Augmentation warm-up calls: on this 2-core VM the JIT reaches the kernels' steady state
     * (about a seventh of the first calls' CPU time) only after 50 to 70 calls.
     */
    private static final int AUGMENT_WARMUP = 100;

    private BrainsegRound() {}

    /**
     * Runs the round.
     *
     * @param args reps, device
     */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Device device = BenchmarkDevice.of(args.length > 1 ? args[1] : "cpu");
        String verdict = EngineProbe.verdict(device).defect() ? "defect, padded" : "healthy, unpadded";
        double[] augment;
        try (NDManager m = NDManager.newBaseManager(device)) {
            Random r = new Random(1);
            byte[] img = new byte[BATCH * 3 * 256 * 256];
            r.nextBytes(img);
            byte[] mask = new byte[BATCH * 256 * 256];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = (byte) (r.nextDouble() < 0.05 ? 255 : 0);
            }
            NDArray image = m.create(ByteBuffer.wrap(img), new Shape(BATCH, 3, 256, 256), DataType.UINT8)
                    .duplicate();
            NDArray labels = m.create(ByteBuffer.wrap(mask), new Shape(BATCH, 1, 256, 256), DataType.UINT8)
                    .duplicate();
            Compose train = Transforms.referenceTrain(224);
            SplittableRandom rng = new SplittableRandom(0);
            augment = median(reps, AUGMENT_WARMUP, AUGMENT_CALLS, () -> {
                try (SampleBatch b = SampleBatch.of(m, List.of())) {
                    b.set(SampleBatch.IMAGE, image.duplicate());
                    b.set(SampleBatch.MASK, labels.duplicate());
                    train.apply(b, rng);
                    return b.get(SampleBatch.IMAGE).getShape().size();
                }
            });
        }
        double[] forward;
        double[] step;
        try (TrainStep t = new TrainStep(Networks.UNET_16, BATCH, 224, device)) {
            forward = median(reps, 2, 1, t::forward);
            step = median(reps, 2, 1, t::step);
        }
        Engine e = Engine.getInstance();
        System.out.printf(
                Locale.ROOT,
                "{\"side\": \"brainseg\", \"torch\": \"libtorch %s (DJL %s, %s)\", \"threads\": \"%s\", "
                        + "\"augment_ms\": %.1f, \"augment_cpu_ms\": %.1f, \"forward_ms\": %.1f, "
                        + "\"forward_cpu_ms\": %.1f, \"step_ms\": %.1f, \"step_cpu_ms\": %.1f}%n",
                e.getVersion(),
                Engine.getDjlVersion(),
                verdict,
                System.getProperty("ai.djl.pytorch.num_threads", "all"),
                augment[0],
                augment[1],
                forward[0],
                forward[1],
                step[0],
                step[1]);
    }

    /**
     * Median wall and process CPU ms per call of {@code reps} timings of {@code calls} calls each,
     * after {@code warmup} warm-up calls.
     */
    private static double[] median(int reps, int warmup, int calls, DoubleSupplier call) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < warmup; i++) {
            call.getAsDouble();
        }
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int k = 0; k < calls; k++) {
                call.getAsDouble();
            }
            wall[i] = (System.nanoTime() - t0) / 1e6 / calls;
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e6 / calls;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[reps / 2], cpu[reps / 2]};
    }
}
