/**
 * The embeddable trainer: {@link io.brainseg.core.train.SegmentationTrainer} (the counterpart of
 * PyTorch Lightning's Trainer), its optimiser ({@link io.brainseg.core.train.AdamW}), learning-rate
 * schedules, monitors and early stopping, and the listeners that write the run directory
 * ({@code config.json}, {@code metrics.csv}, checkpoints, curves, prediction images). Every array of
 * a step lives on the step's own manager; every file is written atomically.
 */
package io.brainseg.core.train;
