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
import io.brainseg.core.task.BinarySegmentationTask;
import io.brainseg.core.task.SegmentationTask;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.core.train.optim.ResumableOptimizer;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.core.transform.ScaleToUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Trains a segmentation network on {@link BatchSource}s: the embeddable equivalent of PyTorch
 * Lightning's Trainer for brainseg.
 *
 * <pre>{@code
 * try (SegmentationTrainer trainer = SegmentationTrainer.builder()
 *         .setModel(unet)                                  // any Block: N×3×H×W → N×1×H×W logits
 *         .setLoss(diceFocal)                              // any DJL Loss over logits
 *         .addMetric(dice)                                 // on sigmoid(logits) > threshold
 *         .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-5).build())
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
 * the {@link SegmentationTask} computes the loss, which is back-propagated; gradients are clipped
 * to a global L2 norm (optional, {@code g ← g·min(1, c/(‖g‖₂ + 1e-6))} as PyTorch's
 * {@code clip_grad_norm_}), the {@link ResumableOptimizer} updates the weights, and the gradients
 * are zeroed. Every array of a step lives on the batch's manager, closed when the step ends, so
 * native memory does not grow over epochs.
 *
 * <p><b>Each epoch.</b> The validation batches run in inference mode; the task turns logits into
 * predictions ({@code sigmoid(logits) > threshold} for the default {@link BinarySegmentationTask})
 * for the metrics; the {@link EpochRecord} goes to the listeners (the default set writes
 * {@code last/}, {@code best/} and {@code metrics.csv}; presentation such as curves and a progress
 * bar lives in the optional {@code brainseg-report} module).
 *
 * <p><b>Reproducibility.</b> The engine's global seed is set from (seed, epoch) at each epoch
 * start and from the seed before initialisation; transforms get generators derived from (seed,
 * epoch, batch); schedules and early stopping are functions of the history. Same seed, data and
 * device give the same metrics, and {@link #resume} continues exactly. Because the engine seed is
 * global, run one trainer at a time per JVM (DJL allows one gradient collector per process anyway).
 *
 * <p><b>Ownership.</b> As with DJL's {@code Model}, the parameters have one owner, and it is the
 * caller, not the trainer: the caller's {@link Block} and its parameters stay usable after
 * {@link #close()}. If the block arrives uninitialised (or a resume loads saved parameters into
 * it), its parameters are placed on the model manager: the one given to
 * {@link Builder#optModelManager}, or else a new base manager that {@link #getModelManager()}
 * returns and that the caller closes when done with the model. The trainer owns, and
 * {@link #close()} frees, only what it creates for training: the optimizer's moments and every
 * per-epoch and per-step array.
 *
 * <p><b>One fit per trainer.</b> {@link #fit} runs once; a second call is refused with a message.
 * To train again build another trainer (a builder can build any number) or {@link #resume} the run.
 */
public final class SegmentationTrainer implements AutoCloseable {

    private final TrainingConfig config;
    private final NDManager manager;
    private final NDManager modelManager;
    private final AtomicBoolean fitted = new AtomicBoolean();

    private SegmentationTrainer(TrainingConfig config, NDManager modelManager) {
        this.config = config;
        this.manager = NDManager.newBaseManager(config.getDevice());
        this.modelManager = modelManager != null ? modelManager : NDManager.newBaseManager(config.getDevice());
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
     * Returns the listeners every builder starts with: {@link CheckpointListener} ({@code last/},
     * {@code best/}) and {@link CsvLogger} ({@code metrics.csv}). Both do nothing without a run
     * directory. Replace or trim the set with {@link Builder#setListeners}.
     *
     * @return a new modifiable list
     */
    public static List<TrainingListener> defaultListeners() {
        return new ArrayList<>(List.of(new CheckpointListener(), new CsvLogger()));
    }

    /**
     * Prepares to continue the run in {@code runDir} from its last checkpoint. The returned builder
     * holds the run's saved settings (optimizer, schedule, epochs, clipping, seed, task, monitor,
     * early stopping) and the model rebuilt from {@code last/spec.json}; set the loss, the metrics,
     * the transforms and any listeners as in the original run, then {@code build().fit(...)} with
     * the same data. A loss, metric or pipeline whose {@code config.json} description differs from
     * the run's is refused when {@code fit} starts. Epochs and listeners may be changed.
     *
     * @param runDir the run directory of an earlier {@link #fit}
     * @return a builder in resume mode
     * @throws CheckpointException if {@code last/} or {@code config.json} is missing or damaged, or
     *     the model cannot be rebuilt (the message names the file)
     */
    public static Builder resume(Path runDir) {
        Path last = AtomicFiles.resolveDirectory(runDir.resolve(Checkpoint.LAST));
        Checkpoint cp = Checkpoint.read(last);
        ModelSpec spec = cp.getSpec();
        Block block;
        try {
            block = ModelRegistry.newBlock(spec);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(last.resolve(Checkpoint.SPEC), e.getMessage(), e);
        }
        JsonObject saved = Checkpoint.readJson(runDir.resolve(RunConfig.FILE), "the run's configuration");
        Builder b = RunConfig.apply(saved, runDir.resolve(RunConfig.FILE), builder());
        return b.setModel(block).optRunDirectory(runDir).optResume(true);
    }

    /**
     * Trains on {@code trainData}, validating on {@code valData} after each epoch. Listeners are
     * closed when it returns or throws; on an exception they first get
     * {@link TrainingListener#onException}.
     *
     * @param trainData the training batches
     * @param valData the validation batches, or null to train without validation (then the
     *     monitor must be {@code train_loss})
     * @return the best epoch, its monitored value and the history
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     * @throws RunDirectoryException if the run directory holds another run (and resume is off) or
     *     another trainer holds its lock
     * @throws CheckpointException if resuming and a checkpoint file is missing or damaged
     * @throws IllegalArgumentException if a batch is malformed (the message names key and shape),
     *     or a resumed run's loss, metrics or pipelines differ from the saved ones (named)
     * @throws IllegalStateException if {@code fit} was already called on this trainer
     */
    public TrainingResult fit(BatchSource trainData, BatchSource valData) {
        Objects.requireNonNull(trainData, "trainData");
        if (!fitted.compareAndSet(false, true)) {
            throw new IllegalStateException("fit was already called on this trainer: a trainer runs once; build "
                    + "another from the builder (a builder can build any number) or resume the run with "
                    + "SegmentationTrainer.resume(runDirectory)");
        }
        return new TrainingLoop(config, manager, modelManager, trainData, valData).run();
    }

    /**
     * Returns the settings this trainer was built with.
     *
     * @return the immutable configuration
     */
    public TrainingConfig getConfig() {
        return config;
    }

    /**
     * Returns the model being trained (owned by the caller).
     *
     * @return the block
     */
    public Block getModel() {
        return config.getModel();
    }

    /**
     * Returns the manager that holds parameters the trainer initialises or loads into the model.
     * It stays open after {@link #close()}: the caller closes it when done with the model.
     *
     * @return the model manager
     */
    public NDManager getModelManager() {
        return modelManager;
    }

    /**
     * Frees the optimizer state and the trainer's working arrays. The model and its parameters
     * (on {@link #getModelManager()}) stay usable.
     */
    @Override
    public void close() {
        manager.close();
    }

    /** Builds a {@link SegmentationTrainer}. */
    public static final class Builder {
        Block model;
        Loss loss;
        final List<SegmentationMetric> metrics = new ArrayList<>();
        SegmentationTask task = BinarySegmentationTask.builder().build();
        ResumableOptimizer optimizer = ResumableAdamW.builder().build();
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
        final List<TrainingListener> listeners = defaultListeners();
        NDManager modelManager;
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
         * Sets the task strategy: which keys a step reads, how it calls the loss, how logits become
         * predictions for the metrics (default: {@link BinarySegmentationTask} with threshold 0.5).
         *
         * @param task the task
         * @return this builder
         */
        public Builder optTask(SegmentationTask task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * Sets the optimizer (default {@link ResumableAdamW}, λ = 0.01).
         *
         * @param optimizer the optimizer
         * @return this builder
         */
        public Builder optOptimizer(ResumableOptimizer optimizer) {
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
         * Sets the run directory that receives {@code config.json} and, through the default
         * listeners, {@code metrics.csv}, {@code best/} and {@code last/}. Without one the trainer
         * writes no files and cannot resume. A new run refuses a directory that already holds run
         * content (see {@link RunDirectory#RUN_CONTENT}); {@code fit} holds the directory's lock
         * while it runs, so a second trainer on it fails at once.
         *
         * @param runDirectory the directory, created if needed
         * @return this builder
         */
        public Builder optRunDirectory(Path runDirectory) {
            this.runDirectory = runDirectory;
            return this;
        }

        /**
         * Adds a listener after those already set (the {@linkplain #defaultListeners() default set}
         * unless replaced). A listener instance added to two trainers is shared by them.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder addListener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Replaces every listener, the default set included: {@code setListeners(List.of())} trains
         * without writing checkpoints or {@code metrics.csv}. Early stopping is a setting
         * ({@link #optEarlyStopping}) and stays.
         *
         * @param listeners the listeners, in call order
         * @return this builder
         */
        public Builder setListeners(List<TrainingListener> listeners) {
            List<TrainingListener> copy = List.copyOf(listeners);
            this.listeners.clear();
            this.listeners.addAll(copy);
            return this;
        }

        /**
         * Sets the manager that receives the model's parameters when the trainer initialises the
         * block or loads a checkpoint into it (default: a new base manager, see
         * {@link SegmentationTrainer#getModelManager()}). The caller owns and closes it.
         *
         * @param manager the manager for the parameters
         * @return this builder
         */
        public Builder optModelManager(NDManager manager) {
            this.modelManager = manager;
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
         * @throws RunDirectoryException if the run directory holds another run and resume is off
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
            if (resume && runDirectory == null) {
                throw new IllegalArgumentException("resume needs a run directory: call optRunDirectory(dir)");
            }
            if (runDirectory != null && !resume) {
                RunDirectory.checkNew(runDirectory);
            }
            // Defaults are resolved into the configuration, never written back into this builder.
            Monitor resolvedMonitor = monitor != null
                    ? monitor
                    : metrics.isEmpty()
                            ? Monitor.min(Monitor.VAL_LOSS)
                            : new Monitor(
                                    metrics.get(0).getName(), metrics.get(0).isHigherBetter());
            Device resolvedDevice =
                    device != null ? device : ai.djl.engine.Engine.getInstance().defaultDevice();
            return new SegmentationTrainer(new TrainingConfig(this, resolvedMonitor, resolvedDevice), modelManager);
        }
    }
}
