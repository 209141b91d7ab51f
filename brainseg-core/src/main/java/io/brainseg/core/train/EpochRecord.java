package io.brainseg.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one epoch produced; a row of {@code metrics.csv} and an entry of the training history.
 *
 * @param epoch the epoch number, 0-based
 * @param trainLoss mean training loss over the epoch's samples (each batch weighted by its size)
 * @param valLoss mean validation loss, NaN without validation data
 * @param metrics validation metric values by metric name, in the order the metrics were given
 * @param learningRate the learning rate used during the epoch
 * @param seconds wall time of the epoch (training and validation)
 * @param slicesPerSecond training throughput: training slices / training seconds
 */
public record EpochRecord(int epoch, double trainLoss, double valLoss, Map<String, Double> metrics,
        double learningRate, double seconds, double slicesPerSecond) {

    /**
     * Copies the metrics map.
     *
     * @param epoch the epoch number, 0-based
     * @param trainLoss mean training loss over the epoch's samples (each batch weighted by its size)
     * @param valLoss mean validation loss, NaN without validation data
     * @param metrics validation metric values by metric name, in the order the metrics were given
     * @param learningRate the learning rate used during the epoch
     * @param seconds wall time of the epoch (training and validation)
     * @param slicesPerSecond training throughput: training slices / training seconds
     */
    public EpochRecord {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics")));
    }

    /**
     * Returns a value by name: {@link Monitor#TRAIN_LOSS}, {@link Monitor#VAL_LOSS}, {@code "lr"}
     * or a metric name.
     *
     * @param name the value's name
     * @return the value, NaN if this epoch has no such value
     */
    public double value(String name) {
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
}
