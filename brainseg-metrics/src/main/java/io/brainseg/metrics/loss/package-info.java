/**
 * Segmentation losses with MONAI's semantics, as DJL {@link ai.djl.training.loss.Loss}es:
 * {@link io.brainseg.metrics.loss.DiceLoss}, {@link io.brainseg.metrics.loss.FocalLoss} and
 * {@link io.brainseg.metrics.loss.DiceFocalLoss}. DJL's {@code evaluate(labels, predictions)} takes
 * the labels first; {@code loss(input, target)} takes them the MONAI way round.
 */
package io.brainseg.metrics.loss;
