package io.brainseg.metrics;

/** How a metric aggregates its per-(sample, channel) values, as MONAI's {@code MetricReduction}. */
public enum MetricReduction {
    /**
     * MONAI's two-step mean: average the non-NaN channels of each sample, then average over the
     * samples that have at least one valid channel; 0.0 (not NaN) when nothing is valid.
     */
    MEAN,
    /** One value per channel: the mean over the samples where that channel is not NaN (0.0 if none). */
    MEAN_BATCH,
    /** No aggregation: every per-(sample, channel) value, NaN included, row-major. */
    NONE
}
