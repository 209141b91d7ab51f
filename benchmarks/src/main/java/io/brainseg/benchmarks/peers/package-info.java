/**
 * brainseg's side of the side-by-side comparison with MONAI ({@code benchmarks/peers/run.sh}):
 * {@link io.brainseg.benchmarks.peers.BrainsegRound} times the same three workloads the MONAI
 * script times and prints the same JSON line.
 */
package io.brainseg.benchmarks.peers;
