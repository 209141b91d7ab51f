/**
 * What a training step does with a network's output: which batch keys it reads, how the loss is
 * called, how logits become probabilities and predictions, and the batch score shown while training.
 * {@link io.brainseg.core.task.SegmentationTask} is the strategy; {@link
 * io.brainseg.core.task.BinarySegmentationTask} (sigmoid, threshold) is the one this library ships.
 */
package io.brainseg.core.task;
