/**
 * Benchmarks of the engine layer ({@code io.brainseg.core.engine}): the start-up probe
 * ({@link io.brainseg.benchmarks.engine.EngineProbeBenchmark}) and the cost of the channel padding
 * on an affected machine ({@link io.brainseg.benchmarks.engine.PaddingCost}, alternating in one JVM).
 */
package io.brainseg.benchmarks.engine;
