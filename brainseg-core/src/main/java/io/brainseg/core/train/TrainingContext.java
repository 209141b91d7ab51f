package io.brainseg.core.train;

import ai.djl.nn.Block;
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

    private final Path runDirectory;
    private final int epochs;
    private final int trainBatches;
    private final Monitor monitor;
    private final double threshold;
    private final boolean quiet;
    private final Block model;
    private final List<EpochRecord> history;
    private final CheckpointWriter writer;
    private String stopReason;

    TrainingContext(Path runDirectory, int epochs, int trainBatches, Monitor monitor, double threshold, boolean quiet, Block model,
            List<EpochRecord> history, CheckpointWriter writer) {
        this.runDirectory = runDirectory;
        this.epochs = epochs;
        this.trainBatches = trainBatches;
        this.monitor = monitor;
        this.threshold = threshold;
        this.quiet = quiet;
        this.model = model;
        this.history = Collections.unmodifiableList(history);
        this.writer = writer;
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
     * Returns the configured number of epochs.
     *
     * @return the epoch budget
     */
    public int getEpochs() {
        return epochs;
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
        return monitor;
    }

    /**
     * Returns the threshold on {@code sigmoid(logits)} that binarises predictions.
     *
     * @return the threshold
     */
    public double getThreshold() {
        return threshold;
    }

    /**
     * Tells whether console output is off.
     *
     * @return true in quiet mode
     */
    public boolean isQuiet() {
        return quiet;
    }

    /**
     * Returns the model being trained.
     *
     * @return the block
     */
    public Block getModel() {
        return model;
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
     * @param reason why, reported in {@link TrainingResult#stopReason()} and the log
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
}
