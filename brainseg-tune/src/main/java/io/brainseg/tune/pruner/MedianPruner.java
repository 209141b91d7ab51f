package io.brainseg.tune.pruner;

/**
 * Prunes a trial whose best intermediate value is worse than the median of the completed trials at
 * the same step (Optuna's {@code MedianPruner}: the 50th {@link PercentilePruner}).
 */
public final class MedianPruner extends PercentilePruner {

    /** Optuna's defaults: 5 start-up trials, no warm-up steps, every step. */
    public MedianPruner() {
        this(5, 0, 1);
    }

    /**
     * Creates the pruner.
     *
     * @param nStartupTrials completed trials before pruning starts
     * @param nWarmupSteps steps of each trial that are never pruned
     * @param intervalSteps prune only once per this many steps
     */
    public MedianPruner(int nStartupTrials, int nWarmupSteps, int intervalSteps) {
        super(50.0, nStartupTrials, nWarmupSteps, intervalSteps, 1);
    }
}
