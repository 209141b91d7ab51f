/**
 * Benchmarks of the networks and of the blocks DJL's PyTorch engine lacks: forward pass and training
 * step of UNet and Attention UNet, the transposed convolution's algorithms (JMH, and an
 * alternating same-JVM comparison), the hand-written blocks alone, and process CPU time per
 * operation for machines too busy for wall-clock figures.
 */
package io.brainseg.benchmarks.models;
