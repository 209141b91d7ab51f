package io.brainseg.core.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link SegmentationTrainer#fit}.
 */
public final class TrainingResult {

    private final Monitor monitor;
    private final int bestEpoch;
    private final double bestValue;
    private final List<EpochRecord> history;
    private final String stopReason;
    private final Path runDirectory;

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
    public TrainingResult(
            Monitor monitor,
            int bestEpoch,
            double bestValue,
            List<EpochRecord> history,
            String stopReason,
            Path runDirectory) {
        this.history = List.copyOf(history);
        this.monitor = monitor;
        this.bestEpoch = bestEpoch;
        this.bestValue = bestValue;
        this.stopReason = stopReason;
        this.runDirectory = runDirectory;
    }

    /**
     * Returns the monitored value that selects the best epoch.
     *
     * @return the value
     */
    public Monitor getMonitor() {
        return monitor;
    }

    /**
     * Returns the best epoch (0-based), -1 if no epoch had a value.
     *
     * @return the value
     */
    public int getBestEpoch() {
        return bestEpoch;
    }

    /**
     * Returns the monitored value at the best epoch.
     *
     * @return the value
     */
    public double getBestValue() {
        return bestValue;
    }

    /**
     * Returns every completed epoch in order, including those of a run that was resumed.
     *
     * @return the value
     */
    public List<EpochRecord> getHistory() {
        return history;
    }

    /**
     * Returns why training ended: {@code "completed"} or the reason given to {@link TrainingContext#requestStop(String)} (early stopping, a listener).
     *
     * @return the value
     */
    public String getStopReason() {
        return stopReason;
    }

    /**
     * Returns the run directory, or null when none was written.
     *
     * @return the value
     */
    public Path getRunDirectory() {
        return runDirectory;
    }

    /**
     * Returns the last completed epoch.
     *
     * @return the last record
     * @throws IllegalStateException if no epoch completed
     */
    public EpochRecord getLast() {
        if (history.isEmpty()) {
            throw new IllegalStateException("no epoch completed");
        }
        return history.get(history.size() - 1);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TrainingResult)) {
            return false;
        }
        TrainingResult other = (TrainingResult) o;
        return Objects.equals(monitor, other.monitor)
                && bestEpoch == other.bestEpoch
                && Double.compare(bestValue, other.bestValue) == 0
                && Objects.equals(history, other.history)
                && Objects.equals(stopReason, other.stopReason)
                && Objects.equals(runDirectory, other.runDirectory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(monitor, bestEpoch, bestValue, history, stopReason, runDirectory);
    }

    @Override
    public String toString() {
        return "TrainingResult[monitor=" + monitor + ", bestEpoch=" + bestEpoch + ", bestValue=" + bestValue
                + ", history=" + history + ", stopReason=" + stopReason + ", runDirectory=" + runDirectory + "]";
    }
}
