/**
 * Benchmarks of the transforms on one 16×3×256×256 batch: the reference training pipeline fused and
 * unfused, each random transform alone (JMH wall time), and process CPU time per batch.
 */
package io.brainseg.benchmarks.transforms;
