/**
 * Hyper-parameter search, modelled on Optuna: a {@link io.brainseg.tune.Trial} suggests parameter
 * values, an {@link io.brainseg.tune.Objective} trains and returns a value, a
 * {@link io.brainseg.tune.Sampler} proposes values from earlier trials, a
 * {@link io.brainseg.tune.Pruner} stops hopeless trials early, and a {@link io.brainseg.tune.Storage}
 * keeps everything (a relational database through JDBC).
 *
 * <p>This package holds that model (states, frozen trials and the interfaces). The study that runs
 * the loop is in {@code io.brainseg.tune.study}, implementations in {@code sampler}, {@code pruner},
 * {@code storage}; the trainer adapter in {@code train}. Names follow Optuna's so its users can map
 * them.
 */
package io.brainseg.tune;
