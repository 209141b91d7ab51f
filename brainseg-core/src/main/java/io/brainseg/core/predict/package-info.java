/**
 * Inference: {@link io.brainseg.core.predict.SegmentationPredictor} loads a run or checkpoint directory
 * (network rebuilt from its spec, parameters checked against their checksum) and turns images, files,
 * folders or arrays into {@link io.brainseg.core.predict.Prediction}s (probabilities and a binary
 * mask).
 */
package io.brainseg.core.predict;
