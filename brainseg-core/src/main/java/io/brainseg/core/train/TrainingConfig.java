package io.brainseg.core.train;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import io.brainseg.core.metric.SegmentationMetric;
import io.brainseg.core.task.SegmentationTask;
import io.brainseg.core.train.optim.ResumableOptimizer;
import io.brainseg.core.transform.BatchTransform;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings of one trainer, fixed when {@link SegmentationTrainer.Builder#build()} runs: the
 * builder copies its values and resolves every default (monitor, device) here, never back into
 * itself, so building twice from one builder gives two independent trainers, and changing the
 * builder afterwards changes no trainer. Listeners see it through {@link
 * TrainingContext#getConfig()}.
 */
public final class TrainingConfig {

    private final Block model;
    private final Loss loss;
    private final List<SegmentationMetric> metrics;
    private final SegmentationTask task;
    private final ResumableOptimizer optimizer;
    private final LearningRateSchedule schedule;
    private final int epochs;
    private final double clipNorm;
    private final EarlyStopping earlyStopping;
    private final Monitor monitor;
    private final BatchTransform trainTransform;
    private final BatchTransform valTransform;
    private final Device device;
    private final long seed;
    private final Path runDirectory;
    private final List<TrainingListener> listeners;
    private final boolean resume;

    TrainingConfig(SegmentationTrainer.Builder b, Monitor monitor, Device device) {
        this.model = b.model;
        this.loss = b.loss;
        this.metrics = List.copyOf(b.metrics);
        this.task = b.task;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.epochs = b.epochs;
        this.clipNorm = b.clipNorm;
        this.earlyStopping = b.earlyStopping;
        this.monitor = monitor;
        this.trainTransform = b.trainTransform;
        this.valTransform = b.valTransform;
        this.device = device;
        this.seed = b.seed;
        this.runDirectory = b.runDirectory;
        this.listeners = List.copyOf(b.listeners);
        this.resume = b.resume;
    }

    /**
     * Returns the network (owned by the caller, see {@link SegmentationTrainer}).
     *
     * @return the block
     */
    public Block getModel() {
        return model;
    }

    /**
     * Returns the loss.
     *
     * @return the loss over logits
     */
    public Loss getLoss() {
        return loss;
    }

    /**
     * Returns the validation metrics, in the order added.
     *
     * @return an unmodifiable list
     */
    public List<SegmentationMetric> getMetrics() {
        return metrics;
    }

    /**
     * Returns the task strategy (keys, loss call, probabilities, prediction, batch score).
     *
     * @return the task
     */
    public SegmentationTask getTask() {
        return task;
    }

    /**
     * Returns the optimizer.
     *
     * @return the optimizer description
     */
    public ResumableOptimizer getOptimizer() {
        return optimizer;
    }

    /**
     * Returns the learning-rate schedule.
     *
     * @return the schedule
     */
    public LearningRateSchedule getSchedule() {
        return schedule;
    }

    /**
     * Returns the number of epochs.
     *
     * @return the epoch budget
     */
    public int getEpochs() {
        return epochs;
    }

    /**
     * Returns the global gradient-norm limit.
     *
     * @return the limit, 0 when clipping is off
     */
    public double getGradientClipNorm() {
        return clipNorm;
    }

    /**
     * Returns the early-stopping rule.
     *
     * @return the rule, or null when off
     */
    public EarlyStopping getEarlyStopping() {
        return earlyStopping;
    }

    /**
     * Returns the value that selects the best checkpoint (resolved: never null).
     *
     * @return the monitor
     */
    public Monitor getMonitor() {
        return monitor;
    }

    /**
     * Returns the training pipeline.
     *
     * @return the transform
     */
    public BatchTransform getTrainTransform() {
        return trainTransform;
    }

    /**
     * Returns the validation pipeline.
     *
     * @return the transform
     */
    public BatchTransform getValTransform() {
        return valTransform;
    }

    /**
     * Returns the device (resolved: never null).
     *
     * @return the device
     */
    public Device getDevice() {
        return device;
    }

    /**
     * Returns the seed.
     *
     * @return the seed
     */
    public long getSeed() {
        return seed;
    }

    /**
     * Returns the run directory.
     *
     * @return the directory, or null when the run writes no files
     */
    public Path getRunDirectory() {
        return runDirectory;
    }

    /**
     * Returns the listeners, in call order (the default set unless replaced, then those added).
     *
     * @return an unmodifiable list
     */
    public List<TrainingListener> getListeners() {
        return listeners;
    }

    /**
     * Tells whether the trainer continues the run directory's last checkpoint.
     *
     * @return true in resume mode
     */
    public boolean isResume() {
        return resume;
    }
}
