/**
 * Samplers: {@link io.brainseg.tune.sampler.RandomSampler}, {@link io.brainseg.tune.sampler.GridSampler}
 * and {@link io.brainseg.tune.sampler.TpeSampler} (the tree-structured Parzen estimator with
 * Optuna 3's semantics and defaults). Every sampler draws from its own seeded generator.
 */
package io.brainseg.tune.sampler;
