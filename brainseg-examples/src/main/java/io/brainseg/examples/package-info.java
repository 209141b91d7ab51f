/**
 * The {@code bin/brainseg} command line ({@link io.brainseg.examples.BrainsegCli}, picocli): quickstart,
 * exploratory figures, training with the reference pipeline, evaluation, prediction and model
 * summaries, written only against the public API of the other modules, so each command is also an
 * example of that API.
 */
package io.brainseg.examples;
