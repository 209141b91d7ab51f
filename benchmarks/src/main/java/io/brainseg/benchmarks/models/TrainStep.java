package io.brainseg.benchmarks.models;

import ai.djl.Device;
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
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.brainseg.metrics.loss.DiceFocalLoss;

/**
 * One network with DJL's trainer (DiceFocal, AdamW lr 1e-3, weight decay 1e-5) and a fixed
 * random batch, for the benchmark programs that time single calls: an inference forward pass and a
 * training step (forward, loss, backward, update), each in its own sub-manager.
 */
public final class TrainStep implements AutoCloseable {

    private final Model model;
    private final Trainer trainer;
    private final NDManager data;
    private final NDArray image;
    private final NDArray mask;

    /**
     * Builds and initialises the network (which runs the engine probe) and the batch.
     *
     * @param network the network
     * @param batch slices per batch
     * @param size height and width
     * @param device the device
     */
    public TrainStep(Networks network, int batch, int size, Device device) {
        model = Model.newInstance("bench", device);
        model.setBlock(network.build());
        DefaultTrainingConfig config = new DefaultTrainingConfig(
                        DiceFocalLoss.builder().build())
                .optOptimizer(Optimizer.adamW()
                        .optLearningRateTracker(Tracker.fixed(1e-3f))
                        .optWeightDecays(1e-5f)
                        .build())
                .optDevices(new Device[] {device});
        trainer = model.newTrainer(config);
        Shape shape = new Shape(batch, 3, size, size);
        trainer.initialize(shape);
        data = model.getNDManager().newSubManager();
        ai.djl.engine.Engine.getInstance().setRandomSeed(1);
        image = data.randomUniform(0, 1, shape);
        mask = image.get(":, :1").gt(0.6f).toType(DataType.FLOAT32, false);
    }

    /**
     * Runs an inference forward pass.
     *
     * @return the sum of the logits (read back, so the work is done)
     */
    public float forward() {
        try (NDManager step = data.newSubManager()) {
            NDArray x = image.duplicate();
            x.attach(step);
            NDArray y = model.getBlock()
                    .forward(new ParameterStore(step, false), new NDList(x), false)
                    .singletonOrThrow();
            return y.sum().getFloat();
        }
    }

    /**
     * Runs a training step.
     *
     * @return the loss
     */
    public float step() {
        try (NDManager step = data.newSubManager()) {
            float loss = backward(step);
            trainer.step();
            return loss;
        }
    }

    /**
     * Runs forward, loss and backward without the optimizer update, so the weights never change
     * (for comparisons where one variant computes wrong gradients that would poison them).
     *
     * @return the loss
     */
    public float gradient() {
        try (NDManager step = data.newSubManager()) {
            float loss = backward(step);
            for (ai.djl.nn.Parameter p : model.getBlock().getParameters().values()) {
                NDArray g = p.getArray().getGradient();
                if (g != null) {
                    g.muli(0);
                }
            }
            return loss;
        }
    }

    /** Forward, loss and backward of the fixed batch, every array on {@code step}. */
    private float backward(NDManager step) {
        NDArray x = image.duplicate();
        x.attach(step);
        NDArray y = mask.duplicate();
        y.attach(step);
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray l = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
            gc.backward(l);
            return l.getFloat();
        }
    }

    @Override
    public void close() {
        data.close();
        trainer.close();
        model.close();
    }
}
