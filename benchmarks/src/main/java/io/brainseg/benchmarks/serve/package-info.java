/**
 * The serving load test ({@link io.brainseg.benchmarks.serve.ServeLoad}): a documented benchmark
 * program, never a unit test, that drives {@code brainseg-serve} on loopback.
 */
package io.brainseg.benchmarks.serve;
