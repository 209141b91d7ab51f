package io.brainseg.tune;

/**
 * Thrown by an objective to say its trial was pruned (Optuna's {@code TrialPruned}); the study
 * records the trial as PRUNED.
 */
public class TrialPrunedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why, e.g. the step and value
     */
    public TrialPrunedException(String message) {
        super(message);
    }
}
