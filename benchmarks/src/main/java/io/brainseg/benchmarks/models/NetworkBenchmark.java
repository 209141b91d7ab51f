package io.brainseg.benchmarks.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import io.brainseg.metrics.loss.DiceFocalLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
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
 * {@code batch}×3×224×224 (default 16, the reference batch) on {@code device}. MONAI's figures
 * for the same work come from {@code benchmarks/peers} run side by side (docs/benchmarks.md).
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
@Fork(value = 1, jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
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

    private Model model;
    private Trainer trainer;
    private NDManager data;
    private NDArray image;
    private NDArray mask;

    /** Builds and initialises the network and a fixed batch. */
    @Setup(Level.Trial)
    public void setUp() {
        model = Model.newInstance("bench", BenchmarkDevice.of(device));
        model.setBlock(network.build());
        DefaultTrainingConfig config = new DefaultTrainingConfig(DiceFocalLoss.builder().build())
                .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-3f)).optWeightDecays(1e-5f)
                        .build());
        trainer = model.newTrainer(config);
        Shape shape = new Shape(batch, 3, 224, 224);
        trainer.initialize(shape);
        data = model.getNDManager().newSubManager();
        image = data.randomUniform(0, 1, shape);
        mask = image.get(":, :1").gt(0.6f).toType(DataType.FLOAT32, false);
    }

    /** Releases the model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        trainer.close();
        model.close();
    }

    /**
     * Inference forward pass.
     *
     * @return the sum of the logits (read back so the work is done)
     */
    @Benchmark
    public float forward() {
        try (NDManager step = data.newSubManager()) {
            NDArray x = image.duplicate();
            x.attach(step);
            NDArray y = model.getBlock().forward(new ParameterStore(step, false), new NDList(x), false)
                    .singletonOrThrow();
            return y.sum().getFloat();
        }
    }

    /**
     * Forward, loss, backward and AdamW step.
     *
     * @return the loss
     */
    @Benchmark
    public float trainStep() {
        try (NDManager step = data.newSubManager()) {
            NDArray x = image.duplicate();
            x.attach(step);
            NDArray y = mask.duplicate();
            y.attach(step);
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray l = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }
}
