package io.brainseg.metrics;

/** Pixel distance used by the surface-distance metrics, as MONAI's {@code distance_metric}. */
public enum DistanceMetric {
    /** {@code sqrt(di² + dj²)} (exact Euclidean distance transform). */
    EUCLIDEAN,
    /** {@code max(|di|, |dj|)}. */
    CHESSBOARD,
    /** {@code |di| + |dj|}. */
    TAXICAB
}
