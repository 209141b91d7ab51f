package io.brainseg.tune;

/** The life cycle of a trial, as Optuna's {@code TrialState}. */
public enum TrialState {
    /** Queued with fixed parameters (an enqueued or retried trial), not yet taken by a worker. */
    WAITING,
    /** A worker is evaluating it; its heartbeat shows the worker is alive. */
    RUNNING,
    /** Finished with a value. */
    COMPLETE,
    /** Stopped early by the pruner; its last intermediate value still informs the sampler. */
    PRUNED,
    /** Raised an exception, returned NaN, or its worker died (heartbeat timeout). */
    FAIL;

    /**
     * Tells whether the trial is over.
     *
     * @return true for COMPLETE, PRUNED and FAIL
     */
    public boolean isFinished() {
        return this == COMPLETE || this == PRUNED || this == FAIL;
    }
}
