/**
 * The metric interface the trainer and the evaluation code use: {@link io.brainseg.core.metric.SegmentationMetric}
 * ({@code update} per batch of binarised predictions, {@code compute}, {@code reset}). The metrics
 * themselves live in {@code brainseg-metrics}.
 */
package io.brainseg.core.metric;
