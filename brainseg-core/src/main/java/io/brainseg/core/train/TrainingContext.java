package io.brainseg.core.train;

import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import io.brainseg.core.task.SegmentationTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TrainingListener} sees of a run: its settings, the history so far, the model, and
 * a way to stop training or write a checkpoint.
 */
public final class TrainingContext {

    /** Writes a checkpoint of the current state. */
    interface CheckpointWriter {
        void write(Path dir) throws IOException;
    }

    /** Writes the current parameters as a weights-only checkpoint with the given state. */
    interface WeightsWriter {
        void write(Path dir, JsonObject state) throws IOException;
    }

    private final TrainingConfig config;
    private final int trainBatches;
    private final List<EpochRecord> history;
    private final CheckpointWriter writer;
    private final WeightsWriter weightsWriter;
    private String stopReason;

    /**
     * Creates a context outside a trainer, to drive a listener directly (in its tests, or to replay
     * a saved history). {@link #writeCheckpoint} then throws {@link UnsupportedOperationException}.
     *
     * @param config the settings, for example {@link SegmentationTrainer#getConfig()}
     * @param trainBatches the training batches per epoch
     * @param history the completed epochs (viewed live, not copied)
     */
    public TrainingContext(TrainingConfig config, int trainBatches, List<EpochRecord> history) {
        this(
                config,
                trainBatches,
                history,
                dir -> {
                    throw new UnsupportedOperationException("no trainer behind this context: cannot write " + dir);
                },
                (dir, state) -> {
                    throw new UnsupportedOperationException("no trainer behind this context: cannot write " + dir);
                });
    }

    TrainingContext(
            TrainingConfig config,
            int trainBatches,
            List<EpochRecord> history,
            CheckpointWriter writer,
            WeightsWriter weightsWriter) {
        this.config = config;
        this.trainBatches = trainBatches;
        this.history = Collections.unmodifiableList(history);
        this.writer = writer;
        this.weightsWriter = weightsWriter;
    }

    /**
     * Returns the trainer's settings.
     *
     * @return the immutable configuration
     */
    public TrainingConfig getConfig() {
        return config;
    }

    /**
     * Returns the run directory.
     *
     * @return the directory, or null when the run writes no files
     */
    public Path getRunDirectory() {
        return config.getRunDirectory();
    }

    /**
     * Returns the configured number of epochs.
     *
     * @return the epoch budget
     */
    public int getEpochs() {
        return config.getEpochs();
    }

    /**
     * Returns the number of training batches per epoch.
     *
     * @return the batches of the training source
     */
    public int getTrainBatches() {
        return trainBatches;
    }

    /**
     * Returns the value that selects the best epoch.
     *
     * @return the monitor
     */
    public Monitor getMonitor() {
        return config.getMonitor();
    }

    /**
     * Returns the task strategy, which turns probabilities into predictions.
     *
     * @return the task
     */
    public SegmentationTask getTask() {
        return config.getTask();
    }

    /**
     * Returns the model being trained.
     *
     * @return the block
     */
    public Block getModel() {
        return config.getModel();
    }

    /**
     * Returns the completed epochs, oldest first (a read-only live view).
     *
     * @return the history
     */
    public List<EpochRecord> getHistory() {
        return history;
    }

    /**
     * Asks the trainer to stop after the current epoch.
     *
     * @param reason why, reported in {@link TrainingResult#getStopReason()} and the log
     */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Returns the reason given to {@link #requestStop}, or null.
     *
     * @return the reason or null
     */
    public String getStopReason() {
        return stopReason;
    }

    /**
     * Writes a complete checkpoint (parameters, spec, optimizer and training state) of the state
     * after the last completed epoch to {@code dir}, atomically.
     *
     * @param dir the checkpoint directory to create or replace
     * @throws IOException if writing fails; an earlier checkpoint in {@code dir} is then intact
     */
    public void writeCheckpoint(Path dir) throws IOException {
        writer.write(dir);
    }

    /**
     * Writes the model's current parameters as a weights-only checkpoint: parameters, spec and
     * {@code state} (as {@code state.json}), no optimizer moments. It can be evaluated, served and
     * fine-tuned like {@code best/}, but not resumed. Listeners that keep other weights than the
     * trained ones (an average, say) load theirs into the model around this call.
     *
     * @param dir the checkpoint directory to create or replace, atomically
     * @param state what the listener needs to continue after a resume, or null
     * @throws IOException if writing fails; an earlier checkpoint in {@code dir} is then intact
     */
    public void writeWeights(Path dir, JsonObject state) throws IOException {
        weightsWriter.write(dir, state);
    }
}
