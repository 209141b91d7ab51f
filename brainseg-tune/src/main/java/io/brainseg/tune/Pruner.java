package io.brainseg.tune;

/**
 * Decides, after a trial reported an intermediate value, whether it should stop (Optuna's
 * {@code BasePruner}).
 */
@FunctionalInterface
public interface Pruner {

    /** A pruner that never prunes (Optuna's {@code NopPruner}). */
    Pruner NONE = (study, trial) -> false;

    /**
     * Decides whether to stop the trial.
     *
     * @param study the study
     * @param trial the running trial, with its intermediate values so far
     * @return true to prune
     */
    boolean prune(StudyView study, FrozenTrial trial);
}
