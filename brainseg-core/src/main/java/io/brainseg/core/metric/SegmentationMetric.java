package io.brainseg.core.metric;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.batch.SliceId;
import io.brainseg.core.config.Configurable;
import java.util.List;

/**
 * A streaming segmentation metric: {@link #update} once per batch, {@link #compute()} at the end
 * of an epoch, {@link #reset()} before the next. The trainer sees metrics only through this
 * interface; brainseg-metrics implements it (DiceMetric, MeanIoU, VolumeDice, ...).
 *
 * <p>Implementations copy what they need out of the arrays (per-sample sums, not the arrays), so
 * the caller may close the arrays right after {@code update} returns. {@link #getConfig()} (from
 * {@link Configurable}) records the metric's parameters in a run's {@code config.json}.
 */
public interface SegmentationMetric extends Configurable {

    /**
     * Returns the name used in logs, {@code metrics.csv} and as the monitored value.
     *
     * @return the metric name, for example {@code "dice"}
     */
    String getName();

    /** Forgets everything accumulated so far. */
    void reset();

    /**
     * Accumulates one batch.
     *
     * @param prediction binarised prediction {@code N×C×H×W} with values in {0, 1}
     * @param target ground truth of the same shape with values in {0, 1}
     * @param ids the slice behind each sample (size {@code N}), or an empty list when unknown;
     *     per-patient metrics require them
     * @throws IllegalArgumentException if the shapes differ or the inputs are not binary
     */
    void update(NDArray prediction, NDArray target, List<SliceId> ids);

    /**
     * Returns the aggregate over everything accumulated since the last {@link #reset()}.
     *
     * @return the metric value
     */
    double compute();

    /**
     * Tells whether larger values are better (Dice) or worse (Hausdorff distance); used by
     * checkpointing and early stopping.
     *
     * @return true if larger is better
     */
    default boolean isHigherBetter() {
        return true;
    }
}
