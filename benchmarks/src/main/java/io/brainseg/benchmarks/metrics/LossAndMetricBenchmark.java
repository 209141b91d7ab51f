package io.brainseg.benchmarks.metrics;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.metrics.DiceMetric;
import io.brainseg.metrics.HausdorffDistance95;
import io.brainseg.metrics.Thresholding;
import io.brainseg.metrics.loss.DiceFocalLoss;
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
 * Cost of the loss and the metrics on one training batch, 16×1×224×224 on the CPU.
 *
 * <p>Target: DiceFocal forward + backward under 5% of a UNet f=16 training step (MONAI's step is
 * ~1,429 ms on this machine, so under ~70 ms). The logits are a fresh leaf per invocation (a
 * 3 MB copy), as a model output would be; everything a step creates lives in a sub-manager that
 * is closed after it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
public class LossAndMetricBenchmark {

    /** Where the tensors live: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    /** Slices per batch. */
    @Param("16")
    public int batch;

    private NDManager manager;
    private NDArray logits;
    private NDArray target;
    private NDArray prediction;
    private DiceFocalLoss loss;
    private DiceMetric dice;
    private HausdorffDistance95 hd95;

    /** Creates a batch with ~5% tumour pixels and random logits. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager(BenchmarkDevice.of(device));
        Engine.getInstance().setRandomSeed(42);
        Shape shape = new Shape(batch, 1, 224, 224);
        logits = manager.randomNormal(shape);
        target = manager.randomUniform(0, 1, shape).lt(0.05f).toType(DataType.FLOAT32, false);
        prediction = Thresholding.sigmoidThreshold(logits);
        loss = DiceFocalLoss.builder().build();
        dice = DiceMetric.builder().build();
        hd95 = HausdorffDistance95.builder().optIncludeBackground(true).build();
    }

    /** Frees the arrays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * DiceFocal forward and backward, as in a training step.
     *
     * @return the loss value
     */
    @Benchmark
    public float diceFocalForwardBackward() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = logits.duplicate();
            x.attach(step);
            x.setRequiresGradient(true);
            float value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.loss(x, target);
                value = l.getFloat();
                gc.backward(l);
            }
            return value + x.getGradient().getFloat(0, 0, 0, 0);
        }
    }

    /**
     * DiceFocal forward only, as in validation.
     *
     * @return the loss value
     */
    @Benchmark
    public float diceFocalForward() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = logits.duplicate();
            x.attach(step);
            return loss.loss(x, target).getFloat();
        }
    }

    /**
     * One DiceMetric update on a binarised batch (validation, shape checks, one host read).
     *
     * @return the running mean
     */
    @Benchmark
    public double diceMetricUpdate() {
        dice.reset();
        dice.update(prediction, target, List.of());
        return dice.compute();
    }

    /**
     * Thresholding of the logits plus one DiceMetric update, the whole per-batch metric cost.
     *
     * @return the running mean
     */
    @Benchmark
    public double thresholdAndDiceMetricUpdate() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = logits.duplicate();
            x.attach(step);
            NDArray bin = Thresholding.sigmoidThreshold(x);
            dice.reset();
            dice.update(bin, target, List.of());
            return dice.compute();
        }
    }

    /**
     * One HausdorffDistance95 update (host copy and distance transforms of 16 slices).
     *
     * @return the running mean
     */
    @Benchmark
    public double hausdorff95Update() {
        hd95.reset();
        hd95.update(prediction, target, List.of());
        return hd95.compute();
    }
}
