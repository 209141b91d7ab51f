/**
 * Segmentation metrics with MONAI's semantics: per-slice {@link io.brainseg.metrics.DiceMetric} and
 * {@link io.brainseg.metrics.MeanIoU}, {@link io.brainseg.metrics.HausdorffDistance95}, per-patient
 * {@link io.brainseg.metrics.VolumeDice}, {@link io.brainseg.metrics.ConfusionCounts}, and the
 * {@link io.brainseg.metrics.Thresholding} helper that turns logits into the binary predictions they
 * take. All implement {@link io.brainseg.core.metric.SegmentationMetric}.
 */
package io.brainseg.metrics;
