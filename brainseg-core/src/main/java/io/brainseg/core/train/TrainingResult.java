package io.brainseg.core.train;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link SegmentationTrainer#fit}.
 *
 * @param monitor the monitored value that selects the best epoch
 * @param bestEpoch the best epoch (0-based), -1 if no epoch had a value
 * @param bestValue the monitored value at the best epoch, NaN if none
 * @param history every completed epoch in order, including those of a run that was resumed
 * @param stopReason why training ended: {@code "completed"} or the reason given to
 *     {@link TrainingContext#requestStop(String)} (early stopping, a listener)
 * @param runDirectory the run directory, or null when none was written
 */
public record TrainingResult(Monitor monitor, int bestEpoch, double bestValue, List<EpochRecord> history,
        String stopReason, Path runDirectory) {

    /**
     * Copies the history.
     *
     * @param monitor the monitored value that selects the best epoch
     * @param bestEpoch the best epoch (0-based), -1 if no epoch had a value
     * @param bestValue the monitored value at the best epoch, NaN if none
     * @param history every completed epoch in order, including those of a run that was resumed
     * @param stopReason why training ended: {@code "completed"} or the reason given to
     *         {@link TrainingContext#requestStop(String)} (early stopping, a listener)
     * @param runDirectory the run directory, or null when none was written
     */
    public TrainingResult {
        history = List.copyOf(history);
    }

    /**
     * Returns the last completed epoch.
     *
     * @return the last record
     * @throws IllegalStateException if no epoch completed
     */
    public EpochRecord last() {
        if (history.isEmpty()) {
            throw new IllegalStateException("no epoch completed");
        }
        return history.get(history.size() - 1);
    }
}
