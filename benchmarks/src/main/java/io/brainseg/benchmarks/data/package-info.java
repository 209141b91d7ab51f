/**
 * Benchmarks of the data layer: decoding the Kaggle TIFFs into arrays and serving batches from the
 * in-memory slice cache. {@code RealZip} locates the shared real-data zip;
 * the benchmarks fall back to synthetic data without it.
 */
package io.brainseg.benchmarks.data;
