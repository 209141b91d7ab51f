/**
 * Presentation listeners of {@link io.brainseg.core.train.SegmentationTrainer}, kept out of
 * brainseg-core so an embedded trainer carries no chart library and opens no console thread:
 * {@link io.brainseg.report.CurvePlotter} ({@code curves.png}, JFreeChart),
 * {@link io.brainseg.report.PredictionLogger} ({@code predictions/epoch-NNN.png}) and
 * {@link io.brainseg.report.ConsoleProgress} (a progress bar on standard error);
 * {@link io.brainseg.report.ReportListeners} adds them in one call.
 */
package io.brainseg.report;
