/**
 * The bridge to brainseg's trainer: {@link io.brainseg.tune.train.TrialPruningListener} reports each
 * epoch's monitored value to the trial and stops pruned runs; {@link io.brainseg.tune.train.TrainerObjective}
 * turns "suggest parameters, train one run in its own directory, return the best monitored value"
 * into an {@link io.brainseg.tune.Objective}.
 */
package io.brainseg.tune.train;
