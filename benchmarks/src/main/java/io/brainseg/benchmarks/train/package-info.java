/**
 * Documented benchmark programs of the trainer (not JMH): {@link io.brainseg.benchmarks.train.LongRunMemory}
 * trains for tens of thousands of steps and samples the process's memory to show that native memory
 * stays flat. Figures go to {@code docs/benchmarks.md} with their command, machine and date.
 */
package io.brainseg.benchmarks.train;
