/**
 * The embeddable trainer: {@link io.brainseg.core.train.SegmentationTrainer} (the counterpart of
 * PyTorch Lightning's Trainer), its immutable configuration, learning-rate schedules, monitors and
 * early stopping, and the default listeners that write the run directory ({@code config.json},
 * {@code metrics.csv}, checkpoints); the optimizers live in {@code io.brainseg.core.train.optim},
 * the presentation listeners (curves, prediction images, progress bar) in brainseg-report. Every array of
 * a step lives on the step's own manager; every file is written atomically.
 */
package io.brainseg.core.train;
