/**
 * JMH benchmarks and documented benchmark programs for brainseg. {@link io.brainseg.benchmarks.BenchmarkMain}
 * is the shaded {@code benchmarks.jar}'s entry point; {@link io.brainseg.benchmarks.BenchmarkDefaults}
 * holds the JVM settings every forked benchmark JVM needs (offline DJL, heap size). Figures measured
 * with these programs go to {@code docs/benchmarks.md} with their command, machine and date.
 */
package io.brainseg.benchmarks;
