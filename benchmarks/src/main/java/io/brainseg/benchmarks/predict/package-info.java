/** Inference throughput of {@link io.brainseg.core.predict.SegmentationPredictor}. */
package io.brainseg.benchmarks.predict;
