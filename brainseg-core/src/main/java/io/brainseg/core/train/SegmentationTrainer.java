package io.brainseg.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import com.google.gson.JsonObject;
import io.brainseg.core.batch.BatchSource;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.metric.SegmentationMetric;
import io.brainseg.core.model.ModelRegistry;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.transform.ScaleToUnit;
import io.brainseg.core.transform.BatchTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a segmentation network on {@link BatchSource}s: the embeddable equivalent of PyTorch
 * Lightning's Trainer for brainseg.
 *
 * <pre>{@code
 * try (SegmentationTrainer trainer = SegmentationTrainer.builder()
 *         .setModel(unet)                                  // any Block: N×3×H×W → N×1×H×W logits
 *         .setLoss(diceFocal)                              // any DJL Loss over logits
 *         .addMetric(dice)                                 // on sigmoid(logits) > threshold
 *         .optOptimizer(AdamW.builder().optWeightDecay(1e-5).build())
 *         .optSchedule(LearningRateSchedule.cosine(1e-3, 1e-5, 50))
 *         .setEpochs(50)
 *         .optGradientClipping(0.5)
 *         .optEarlyStopping(10)
 *         .optTrainTransform(trainPipeline).optValTransform(valPipeline)
 *         .optRunDirectory(Path.of("runs/unet32"))
 *         .build()) {
 *     TrainingResult result = trainer.fit(trainSource, valSource);
 * }
 * }</pre>
 *
 * <p><b>Each step.</b> The training transforms run on the batch with a generator seeded from
 * (seed, epoch, batch); the model runs forward under one {@link ai.djl.training.GradientCollector},
 * the loss is back-propagated, gradients are clipped to a global L2 norm (optional,
 * {@code g ← g·min(1, c/(‖g‖₂ + 1e-6))} as PyTorch's {@code clip_grad_norm_}), {@link AdamW}
 * updates the weights, and the gradients are zeroed. Every array of a step lives on the batch's
 * manager, closed when the step ends, so native memory does not grow over epochs.
 *
 * <p><b>Each epoch.</b> The validation batches run in inference mode; predictions are binarised as
 * {@code sigmoid(logits) > threshold} and fed to the metrics; the {@link EpochRecord} goes to the
 * listeners (CSV, checkpoints, predictions, curves, early stopping, progress).
 *
 * <p><b>Reproducibility.</b> The engine's global seed is set from (seed, epoch) at each epoch
 * start and from the seed before initialisation; transforms get generators derived from (seed,
 * epoch, batch); schedules and early stopping are functions of the history. Same seed, data and
 * device give the same metrics, and {@link #resume} continues exactly. Because the engine seed is
 * global, run one trainer at a time per JVM (DJL allows one gradient collector per process anyway).
 *
 * <p><b>Memory.</b> The trainer owns the manager of the model's parameters when it initialises
 * the model; {@link #close()} frees them.
 */
public final class SegmentationTrainer implements AutoCloseable {

    final Builder settings;
    private final NDManager manager;

    private SegmentationTrainer(Builder b) {
        this.settings = b;
        this.manager = NDManager.newBaseManager(b.device);
    }

    /**
     * Returns a new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Prepares to continue the run in {@code runDir} from its last checkpoint. The returned builder
     * holds the run's saved settings (optimizer, schedule, epochs, clipping, seed, threshold,
     * monitor, early stopping) and the model rebuilt from {@code last/spec.json}; set the loss, the
     * metrics, the transforms and any listeners as in the original run, then {@code build().fit(...)}
     * with the same data. Any setting may still be overridden (for example more epochs).
     *
     * @param runDir the run directory of an earlier {@link #fit}
     * @return a builder in resume mode
     * @throws IllegalArgumentException if the directory holds no run or the model cannot be rebuilt
     */
    public static Builder resume(Path runDir) {
        Path last = AtomicFiles.resolveDirectory(runDir.resolve(Checkpoint.LAST));
        Checkpoint cp = Checkpoint.read(last);
        Block block = ModelRegistry.newBlock(cp.getSpec());
        JsonObject config = Checkpoint.readJson(runDir.resolve(RunConfig.FILE), "the run's configuration");
        Builder b = RunConfig.apply(config, builder());
        return b.setModel(block).optRunDirectory(runDir).optResume(true);
    }

    /**
     * Trains on {@code trainData}, validating on {@code valData} after each epoch.
     *
     * @param trainData the training batches
     * @param valData the validation batches, or null to train without validation (then the
     *     monitor must be {@code train_loss})
     * @return the best epoch, its monitored value and the history
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     * @throws IllegalArgumentException if a batch is malformed (the message names key and shape) or
     *     the run directory already holds a run and resume is off
     */
    public TrainingResult fit(BatchSource trainData, BatchSource valData) {
        Objects.requireNonNull(trainData, "trainData");
        return new TrainingLoop(this, manager, trainData, valData).run();
    }

    /**
     * Returns the model being trained.
     *
     * @return the block
     */
    public Block getModel() {
        return settings.model;
    }

    /** Frees the parameters this trainer initialised and the optimizer state. */
    @Override
    public void close() {
        manager.close();
    }

    /** Builds a {@link SegmentationTrainer}. */
    public static final class Builder {
        Block model;
        Loss loss;
        final List<SegmentationMetric> metrics = new ArrayList<>();
        AdamW optimizer = AdamW.builder().build();
        LearningRateSchedule schedule = LearningRateSchedule.constant(1e-3);
        int epochs;
        double clipNorm;
        EarlyStopping earlyStopping;
        Monitor monitor;
        BatchTransform trainTransform = new ScaleToUnit();
        BatchTransform valTransform = new ScaleToUnit();
        Device device;
        long seed = 42;
        Path runDirectory;
        final List<TrainingListener> listeners = new ArrayList<>();
        double threshold = 0.5;
        boolean quiet;
        int predictionSamples = 4;
        boolean resume;

        private Builder() {}

        /**
         * Sets the network: any block mapping float32 {@code N×C×H×W} to logits {@code N×1×H×W}. If
         * it implements {@link io.brainseg.core.model.ModelSpecProvider} its {@link ModelSpec} is
         * saved with every checkpoint so a predictor can rebuild it. An uninitialised block is
         * initialised from the first batch's shape.
         *
         * @param model the block
         * @return this builder
         */
        public Builder setModel(Block model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the loss, evaluated as {@code loss.evaluate(new NDList(mask), new NDList(logits))}.
         *
         * @param loss a loss over logits
         * @return this builder
         */
        public Builder setLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Adds a validation metric. The first metric added is the default monitor.
         *
         * @param metric the metric
         * @return this builder
         */
        public Builder addMetric(SegmentationMetric metric) {
            metrics.add(Objects.requireNonNull(metric, "metric"));
            return this;
        }

        /**
         * Sets the optimizer (default AdamW, λ = 0.01).
         *
         * @param optimizer the optimizer
         * @return this builder
         */
        public Builder optOptimizer(AdamW optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /**
         * Sets a constant learning rate (shorthand for {@link LearningRateSchedule#constant}).
         *
         * @param lr the rate
         * @return this builder
         */
        public Builder optLearningRate(double lr) {
            this.schedule = LearningRateSchedule.constant(lr);
            return this;
        }

        /**
         * Sets the learning-rate schedule (default constant 1e-3).
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder optSchedule(LearningRateSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * Sets the number of epochs.
         *
         * @param epochs at least 1
         * @return this builder
         */
        public Builder setEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Clips gradients to a global L2 norm (0, the default, turns clipping off).
         *
         * @param maxNorm the largest norm, for example 0.5
         * @return this builder
         */
        public Builder optGradientClipping(double maxNorm) {
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * Stops when the trainer's monitor has not improved for {@code patience} epochs.
         *
         * @param patience at least 1
         * @return this builder
         */
        public Builder optEarlyStopping(int patience) {
            return optEarlyStopping(null, patience, 0);
        }

        /**
         * Stops when {@code monitor} has not improved by more than {@code minDelta} for
         * {@code patience} epochs.
         *
         * @param monitor the value to watch, or null for the trainer's monitor
         * @param patience at least 1
         * @param minDelta at least 0
         * @return this builder
         */
        public Builder optEarlyStopping(Monitor monitor, int patience, double minDelta) {
            this.earlyStopping = new EarlyStopping(monitor, patience, minDelta);
            return this;
        }

        /**
         * Sets the value that selects the best checkpoint (default: the first metric, higher is
         * better as the metric says; {@code val_loss} (min) without metrics).
         *
         * @param monitor the monitor
         * @return this builder
         */
        public Builder optMonitor(Monitor monitor) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
            return this;
        }

        /**
         * Sets the training transform pipeline; it must leave a float32 {@code image}. The default,
         * {@link ScaleToUnit}, only scales uint8 images to 0..1.
         *
         * @param transform the pipeline, applied per batch with a generator from (seed, epoch, batch)
         * @return this builder
         */
        public Builder optTrainTransform(BatchTransform transform) {
            this.trainTransform = transform;
            return this;
        }

        /**
         * Sets the validation transform pipeline; it must leave a float32 {@code image} (default
         * {@link ScaleToUnit}). Deterministic transforms only, so validation is comparable across
         * epochs.
         *
         * @param transform the pipeline
         * @return this builder
         */
        public Builder optValTransform(BatchTransform transform) {
            this.valTransform = transform;
            return this;
        }

        /**
         * Sets the device (default: the engine's default device).
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Sets the seed (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the run directory that receives {@code config.json}, {@code metrics.csv},
         * {@code best/}, {@code last/}, {@code predictions/} and {@code curves.png}. Without one the
         * trainer writes no files and cannot resume.
         *
         * @param runDirectory the directory, created if needed
         * @return this builder
         */
        public Builder optRunDirectory(Path runDirectory) {
            this.runDirectory = runDirectory;
            return this;
        }

        /**
         * Adds a listener, called after the built-in ones.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder addListener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets the threshold on {@code sigmoid(logits)} for binary predictions (default 0.5).
         *
         * @param threshold in (0, 1)
         * @return this builder
         */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Turns the console progress bar off (logging through SLF4J stays).
         *
         * @param quiet true for no console output
         * @return this builder
         */
        public Builder optQuiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        /**
         * Sets how many validation slices {@code predictions/epoch-NNN.png} shows (default 4; 0
         * turns the images off).
         *
         * @param n the number of slices
         * @return this builder
         */
        public Builder optPredictionSamples(int n) {
            this.predictionSamples = n;
            return this;
        }

        /**
         * Continues from the run directory's {@code last/} checkpoint if there is one (default
         * false: a run directory that already holds a run is an error).
         *
         * @param resume true to resume
         * @return this builder
         */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Builds the trainer.
         *
         * @return the trainer
         * @throws IllegalArgumentException if a required setting is missing or a value is out of
         *     range (the message names the setting and the value)
         */
        public SegmentationTrainer build() {
            if (model == null) {
                throw new IllegalArgumentException("model is required: call setModel(block)");
            }
            if (loss == null) {
                throw new IllegalArgumentException("loss is required: call setLoss(loss)");
            }
            if (trainTransform == null || valTransform == null) {
                throw new IllegalArgumentException("train and validation transforms must not be null (default: "
                        + "ScaleToUnit), got " + trainTransform + " / " + valTransform);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
                throw new IllegalArgumentException("gradient clipping norm must be >= 0 (0 = off), got " + clipNorm);
            }
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
            }
            if (predictionSamples < 0) {
                throw new IllegalArgumentException("predictionSamples must be >= 0, got " + predictionSamples);
            }
            if (resume && runDirectory == null) {
                throw new IllegalArgumentException("resume needs a run directory: call optRunDirectory(dir)");
            }
            if (monitor == null) {
                monitor = metrics.isEmpty() ? Monitor.min(Monitor.VAL_LOSS)
                        : new Monitor(metrics.get(0).getName(), metrics.get(0).isHigherBetter());
            }
            if (runDirectory != null && !resume && Files.exists(runDirectory.resolve(Checkpoint.LAST))) {
                throw new IllegalArgumentException("run directory " + runDirectory + " already holds a run ("
                        + Checkpoint.LAST + "/); resume it with SegmentationTrainer.resume(dir) or optResume(true), "
                        + "or choose a new directory");
            }
            if (device == null) {
                device = ai.djl.engine.Engine.getInstance().defaultDevice();
            }
            return new SegmentationTrainer(this);
        }
    }
}
