/**
 * Benchmarks of the DiceFocal loss (forward, forward + backward) and of the Dice and Hausdorff-95
 * metric updates on one 16×1×224×224 batch.
 */
package io.brainseg.benchmarks.metrics;
