package io.brainseg.metrics.loss;

/**
 * How a loss reduces its per-element or per-(batch, channel) values, as MONAI's {@code LossReduction}.
 */
public enum LossReduction {
    /** Average: over the {@code B×C} Dice entries, or over all {@code B·C·H·W} focal elements. */
    MEAN,
    /**
     * Sum over the {@code B×C} entries. For the focal loss this follows MONAI: the mean over the
     * spatial axes first, then the sum over {@code B} and {@code C}.
     */
    SUM,
    /** No reduction: Dice gives {@code B×C×1×1}, focal gives {@code B×C×H×W}. */
    NONE
}
