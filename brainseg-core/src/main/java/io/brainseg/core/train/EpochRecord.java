package io.brainseg.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one epoch produced; a row of {@code metrics.csv} and an entry of the training history.
 */
public final class EpochRecord {

    private final int epoch;
    private final double trainLoss;
    private final double valLoss;
    private final Map<String, Double> metrics;
    private final double learningRate;
    private final double seconds;
    private final double slicesPerSecond;

    /**
     * Creates the record.
     *
     * @param epoch the epoch number, 0-based
     * @param trainLoss the mean training loss over the epoch's samples (each batch weighted by its size)
     * @param valLoss the mean validation loss, NaN without validation data
     * @param metrics the validation metric values by metric name, in the order the metrics were given
     * @param learningRate the learning rate used during the epoch
     * @param seconds the wall time of the epoch (training and validation)
     * @param slicesPerSecond the training throughput: training slices / training seconds
     */
    public EpochRecord(
            int epoch,
            double trainLoss,
            double valLoss,
            Map<String, Double> metrics,
            double learningRate,
            double seconds,
            double slicesPerSecond) {
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics")));
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.valLoss = valLoss;
        this.learningRate = learningRate;
        this.seconds = seconds;
        this.slicesPerSecond = slicesPerSecond;
    }

    /**
     * Returns the epoch number, 0-based.
     *
     * @return the value
     */
    public int getEpoch() {
        return epoch;
    }

    /**
     * Returns the mean training loss over the epoch's samples (each batch weighted by its size).
     *
     * @return the value
     */
    public double getTrainLoss() {
        return trainLoss;
    }

    /**
     * Returns the mean validation loss.
     *
     * @return the value
     */
    public double getValLoss() {
        return valLoss;
    }

    /**
     * Returns the validation metric values by metric name, in the order the metrics were given.
     *
     * @return the value
     */
    public Map<String, Double> getMetrics() {
        return metrics;
    }

    /**
     * Returns the learning rate used during the epoch.
     *
     * @return the value
     */
    public double getLearningRate() {
        return learningRate;
    }

    /**
     * Returns the wall time of the epoch (training and validation).
     *
     * @return the value
     */
    public double getSeconds() {
        return seconds;
    }

    /**
     * Returns the training throughput: training slices / training seconds.
     *
     * @return the value
     */
    public double getSlicesPerSecond() {
        return slicesPerSecond;
    }

    /**
     * Returns a value by name: {@link Monitor#TRAIN_LOSS}, {@link Monitor#VAL_LOSS}, {@code "lr"}
     * or a metric name.
     *
     * @param name the value's name
     * @return the value, NaN if this epoch has no such value
     */
    public double getValue(String name) {
        switch (name) {
            case Monitor.TRAIN_LOSS:
                return trainLoss;
            case Monitor.VAL_LOSS:
                return valLoss;
            case "lr":
                return learningRate;
            default:
                Double v = metrics.get(name);
                return v == null ? Double.NaN : v;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EpochRecord)) {
            return false;
        }
        EpochRecord other = (EpochRecord) o;
        return epoch == other.epoch
                && Double.compare(trainLoss, other.trainLoss) == 0
                && Double.compare(valLoss, other.valLoss) == 0
                && Objects.equals(metrics, other.metrics)
                && Double.compare(learningRate, other.learningRate) == 0
                && Double.compare(seconds, other.seconds) == 0
                && Double.compare(slicesPerSecond, other.slicesPerSecond) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, trainLoss, valLoss, metrics, learningRate, seconds, slicesPerSecond);
    }

    @Override
    public String toString() {
        return "EpochRecord[epoch=" + epoch + ", trainLoss=" + trainLoss + ", valLoss=" + valLoss + ", metrics="
                + metrics + ", learningRate=" + learningRate + ", seconds=" + seconds + ", slicesPerSecond="
                + slicesPerSecond + "]";
    }
}
