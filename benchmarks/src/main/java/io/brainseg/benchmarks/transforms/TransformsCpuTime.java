package io.brainseg.benchmarks.transforms;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.Compose;
import io.brainseg.transforms.Transforms;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A companion to {@link TransformsBenchmark} for a busy machine: besides wall time it reports the
 * process CPU time per batch of 16 (all threads, including libtorch's), which depends much less
 * on other processes competing for the cores. Not a JMH benchmark; run with
 * {@code java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar
 * io.brainseg.benchmarks.transforms.TransformsCpuTime [repetitions]}.
 */
public final class TransformsCpuTime {

    private static final Logger LOG = LoggerFactory.getLogger(TransformsCpuTime.class);

    private TransformsCpuTime() {}

    /**
     * Runs each variant {@code repetitions} times (default 30) after 5 warm-up runs and logs the
     * mean wall and CPU milliseconds per batch.
     *
     * @param args optional number of repetitions
     */
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (NDManager base = NDManager.newBaseManager()) {
            Random r = new Random(1);
            byte[] img = new byte[16 * 3 * 256 * 256];
            r.nextBytes(img);
            byte[] mask = new byte[16 * 256 * 256];
            for (int i = 0; i < mask.length; i += 7) {
                mask[i] = 1;
            }
            NDArray rawImage = base.create(ByteBuffer.wrap(img), new Shape(16, 3, 256, 256), DataType.UINT8);
            NDArray rawMask = base.create(ByteBuffer.wrap(mask), new Shape(16, 1, 256, 256), DataType.UINT8);
            Compose train = Transforms.referenceTrain(224);
            Compose.Split split = train.splitDeterministicPrefix();
            NDArray floatImage;
            NDArray floatMask;
            try (SampleBatch b = batch(base, rawImage, rawMask)) {
                split.deterministicPrefix().apply(b, new SplittableRandom(0));
                floatImage = b.get(SampleBatch.IMAGE).duplicate();
                floatMask = b.get(SampleBatch.MASK).duplicate();
                floatImage.attach(base);
                floatMask.attach(base);
            }
            List<BatchTransform> suffix = split.randomSuffix().getTransforms();
            Map<String, BatchTransform> variants = new LinkedHashMap<>();
            variants.put("pipeline (from UINT8)", train);
            variants.put("random suffix (cached prefix)", split.randomSuffix());
            variants.put(
                    "random suffix, unfused",
                    Transforms.compose()
                            .optFuse(false)
                            .addAll(suffix.toArray(new BatchTransform[0]))
                            .build());
            for (BatchTransform t : suffix) {
                variants.put(t.getClass().getSimpleName() + " alone", t);
            }
            SplittableRandom rng = new SplittableRandom(3);
            LOG.info("{} repetitions, batch 16x3x256x256 + 16x1x256x256, load {}", reps, os.getSystemLoadAverage());
            for (Map.Entry<String, BatchTransform> e : variants.entrySet()) {
                boolean raw = e.getValue() == train;
                double wall = 0;
                double cpu = 0;
                for (int rep = 0; rep < reps + 5; rep++) {
                    try (SampleBatch b = batch(base, raw ? rawImage : floatImage, raw ? rawMask : floatMask)) {
                        long w0 = System.nanoTime();
                        long c0 = os.getProcessCpuTime();
                        e.getValue().apply(b, rng);
                        if (rep >= 5) {
                            wall += (System.nanoTime() - w0) / 1e6;
                            cpu += (os.getProcessCpuTime() - c0) / 1e6;
                        }
                    }
                }
                LOG.info(String.format(
                        "%-32s wall %7.1f ms   cpu %7.1f ms per batch of 16", e.getKey(), wall / reps, cpu / reps));
            }
            LOG.info("load after: {}", os.getSystemLoadAverage());
        }
    }

    private static SampleBatch batch(NDManager base, NDArray image, NDArray mask) {
        SampleBatch b = SampleBatch.of(base, List.of());
        b.set(SampleBatch.IMAGE, image.duplicate());
        b.set(SampleBatch.MASK, mask.duplicate());
        return b;
    }
}
