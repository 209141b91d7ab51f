/**
 * Pruners: {@link io.brainseg.tune.pruner.MedianPruner} (and its generalisation
 * {@link io.brainseg.tune.pruner.PercentilePruner}), {@link io.brainseg.tune.pruner.SuccessiveHalvingPruner}
 * and {@link io.brainseg.tune.pruner.HyperbandPruner}, with Optuna's semantics and defaults.
 */
package io.brainseg.tune.pruner;
