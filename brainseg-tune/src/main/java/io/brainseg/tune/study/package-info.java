/**
 * The optimisation loop: {@link io.brainseg.tune.study.Study} asks storage for a trial, lets the
 * sampler fill its parameters through {@link io.brainseg.tune.Trial}, runs the objective, records
 * the outcome, and keeps a heartbeat so other workers can recover the trial if this one dies.
 */
package io.brainseg.tune.study;
