package io.brainseg.tune;

/**
 * What a study optimises: receives a trial, suggests values through it, trains, returns the value.
 * Throw {@link TrialPrunedException} when {@link Trial#shouldPrune()} says so; any other exception
 * (or a NaN result) marks the trial FAIL with the reason and the study goes on.
 */
@FunctionalInterface
public interface Objective {

    /**
     * Evaluates one trial.
     *
     * @param trial the trial
     * @return the objective value
     * @throws Exception if the evaluation fails
     */
    double evaluate(Trial trial) throws Exception;
}
