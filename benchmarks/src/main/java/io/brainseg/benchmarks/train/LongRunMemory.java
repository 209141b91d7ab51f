package io.brainseg.benchmarks.train;

import ai.djl.Device;
import io.brainseg.core.train.BatchRecord;
import io.brainseg.core.train.Monitor;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.TrainingContext;
import io.brainseg.core.train.TrainingListener;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.data.LggDataset;
import io.brainseg.data.SliceCache;
import io.brainseg.data.SliceLoader;
import io.brainseg.data.SyntheticLgg;
import io.brainseg.metrics.DiceMetric;
import io.brainseg.metrics.loss.DiceFocalLoss;
import io.brainseg.models.UNet;
import io.brainseg.transforms.Transforms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-run memory benchmark of the trainer: trains a small UNet (f=4, 1 residual unit, 32×32
 * synthetic slices, batch 4, the reference augmentation, DiceFocal, AdamW, clipping, validation
 * every epoch) for a given number of steps (default 10,000) and samples the process's memory every
 * {@code sampleEvery} steps ({@link MemorySample}: RSS, heap, non-heap, direct buffers and the
 * native remainder). Prints the drift after warm-up (first 10 % of the steps) and the least-squares
 * slope of RSS and of native memory in MiB per 1,000 steps, and writes every sample to a CSV.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -Dai.djl.offline=true -Xss4m -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *     io.brainseg.benchmarks.train.LongRunMemory [steps=10000] [sampleEvery=250] [csv=longrun-memory.csv]
 * </pre>
 *
 * <p>{@code OMP_NUM_THREADS=1} because on a shared 2-core machine libtorch's OpenMP threads spin
 * while waiting and the run becomes several times slower; memory behaviour does not depend on it.
 *
 * <p>The target (issue 16): flat after warm-up, less than 50 MB of drift. A per-step leak of one
 * batch's arrays (~75 MB per step on CPU, see DESIGN.md) would show within a few samples.
 */
public final class LongRunMemory {

    private static final Logger LOG = LoggerFactory.getLogger(LongRunMemory.class);

    private LongRunMemory() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional: steps (default 10000), sample interval in steps (default 250), CSV path
     *     (default {@code longrun-memory.csv})
     * @throws IOException if the synthetic data or the CSV cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", "true");
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 10_000;
        int sampleEvery = args.length > 1 ? Integer.parseInt(args[1]) : 250;
        Path csv = Path.of(args.length > 2 ? args[2] : "longrun-memory.csv");
        if (steps < 10 * sampleEvery) {
            throw new IllegalArgumentException("steps must be >= 10 samples (" + 10 * sampleEvery + "), got " + steps);
        }
        int batch = 4;
        int trainPatients = 5;
        int slicesPerPatient = 10; // 50 training slices: 12 steps per epoch
        Path dir = Files.createTempDirectory("brainseg-longrun");
        Path root = SyntheticLgg.builder()
                .optPatients(trainPatients + 1)
                .optSlicesPerPatient(slicesPerPatient)
                .optSize(32)
                .optTumourFraction(0.5)
                .optSeed(11)
                .build()
                .write(dir);
        try (LggDataset ds =
                LggDataset.builder().setPath(root).optExpectedSize(32).build()) {
            SliceCache all = SliceCache.load(ds);
            List<String> ids = ds.getPatientIds();
            SliceCache train = all.subset(ids.subList(0, trainPatients));
            SliceCache val = all.subset(ids.subList(trainPatients, ids.size()));
            int stepsPerEpoch = train.size() / batch;
            int epochs = (int) ((steps + stepsPerEpoch - 1) / stepsPerEpoch);
            Files.writeString(csv, MemorySample.CSV_HEADER + "\n", StandardCharsets.UTF_8);
            Sampler sampler = new Sampler(sampleEvery, steps, csv);
            SegmentationTrainer.Builder b = SegmentationTrainer.builder()
                    .setModel(UNet.builder()
                            .setInChannels(3)
                            .setOutChannels(1)
                            .setChannels(4, 8, 16, 32, 64)
                            .setStrides(2, 2, 2, 2)
                            .optNumResUnits(1)
                            .build())
                    .setLoss(DiceFocalLoss.builder().build())
                    .addMetric(DiceMetric.builder().optName("dice").build())
                    .optMonitor(Monitor.max("dice"))
                    .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-5).build())
                    .setEpochs(epochs)
                    .optGradientClipping(0.5)
                    .optTrainTransform(Transforms.referenceTrain(32))
                    .optValTransform(Transforms.referenceValidation(32))
                    .optDevice(Device.cpu())
                    .optSeed(1)
                    .addListener(sampler);
            LOG.info(
                    "{} steps: {} epochs of {} steps (batch {}), sampling every {} steps",
                    steps,
                    epochs,
                    stepsPerEpoch,
                    batch,
                    sampleEvery);
            try (SegmentationTrainer trainer = b.build()) {
                TrainingResult result = trainer.fit(
                        SliceLoader.builder()
                                .setCache(train)
                                .setBatchSize(batch)
                                .optShuffle(true)
                                .optDropLast(true)
                                .optSeed(1)
                                .build(),
                        SliceLoader.builder()
                                .setCache(val)
                                .setBatchSize(batch)
                                .optSeed(1)
                                .build());
                LOG.info(
                        "trained: {} epochs, best dice {} ", result.getHistory().size(), result.getBestValue());
            }
            LOG.info("samples written to {}", csv.toAbsolutePath());
            summarise(sampler.samples, steps);
        }
    }

    /**
     * Samples memory every {@code every} steps and at the last step, appending each sample to the
     * CSV at once (a run stopped early still leaves its samples).
     */
    private static final class Sampler implements TrainingListener {
        final List<MemorySample> samples = new ArrayList<>();
        private final int every;
        private final long last;
        private final Path csv;
        private long step;
        private long start;

        Sampler(int every, long last, Path csv) {
            this.every = every;
            this.last = last;
            this.csv = csv;
        }

        @Override
        public void onTrainingStart(TrainingContext ctx) {
            start = System.nanoTime();
        }

        @Override
        public void onBatchEnd(TrainingContext ctx, BatchRecord batch) {
            step++;
            if (step % every == 0 || step == last) {
                MemorySample s = MemorySample.take(step, (System.nanoTime() - start) / 1e9);
                samples.add(s);
                try {
                    Files.writeString(csv, s.toCsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to " + csv, e);
                }
                LOG.info(
                        "step {}: rss {} MiB, native {} MiB, heap used {} MiB",
                        s.step(),
                        fmt(s.rssMb()),
                        fmt(s.nativeMb()),
                        fmt(s.heapUsedMb()));
            }
            if (step >= last) {
                ctx.requestStop("benchmark reached " + last + " steps");
            }
        }
    }

    /** Prints drift (last − first sample after warm-up) and least-squares slopes, per 1,000 steps. */
    static void summarise(List<MemorySample> samples, long steps) {
        long warmUp = steps / 10;
        List<MemorySample> after =
                samples.stream().filter(s -> s.step() >= warmUp).toList();
        if (after.size() < 2) {
            LOG.warn("too few samples after warm-up ({}) for a drift", after.size());
            return;
        }
        MemorySample first = after.get(0);
        MemorySample end = after.get(after.size() - 1);
        String summary = String.format(
                Locale.ROOT,
                "after warm-up (step %d to %d): RSS %.1f -> %.1f MiB (drift %+.1f MiB, "
                        + "slope %+.2f MiB per 1000 steps, max %.1f); native %.1f -> %.1f MiB (drift %+.1f MiB, slope %+.2f MiB "
                        + "per 1000 steps); heap used %.1f -> %.1f MiB; %.1f steps/s",
                first.step(),
                end.step(),
                first.rssMb(),
                end.rssMb(),
                end.rssMb() - first.rssMb(),
                slope(after, true) * 1000,
                after.stream().mapToDouble(MemorySample::rssMb).max().orElse(Double.NaN),
                first.nativeMb(),
                end.nativeMb(),
                end.nativeMb() - first.nativeMb(),
                slope(after, false) * 1000,
                first.heapUsedMb(),
                end.heapUsedMb(),
                end.step() / end.seconds());
        LOG.info(summary);
        System.out.println(summary);
    }

    /** Least-squares slope of RSS (or native) against step, in MiB per step. */
    static double slope(List<MemorySample> samples, boolean rss) {
        double n = samples.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (MemorySample s : samples) {
            double x = s.step();
            double y = rss ? s.rssMb() : s.nativeMb();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
