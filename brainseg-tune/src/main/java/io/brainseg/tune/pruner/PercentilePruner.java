package io.brainseg.tune.pruner;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Pruner;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.StudyView;
import io.brainseg.tune.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prunes a trial whose best intermediate value so far is worse than the given percentile of the
 * COMPLETE trials' values at the same step (Optuna's {@code PercentilePruner}). Nothing is pruned
 * until {@code nStartupTrials} trials completed, before step {@code nWarmupSteps}, off the
 * {@code intervalSteps} grid, or when fewer than {@code nMinTrials} completed trials reported this
 * step. A trial whose values are all NaN is pruned. For MAXIMIZE the percentile is taken from the
 * top ({@code 100 − p}).
 */
public class PercentilePruner implements Pruner {

    private final double percentile;
    private final int nStartupTrials;
    private final int nWarmupSteps;
    private final int intervalSteps;
    private final int nMinTrials;

    /**
     * Creates the pruner.
     *
     * @param percentile the percentile in [0, 100]
     * @param nStartupTrials completed trials before pruning starts (Optuna: 5)
     * @param nWarmupSteps steps of each trial that are never pruned (Optuna: 0)
     * @param intervalSteps prune only once per this many steps (Optuna: 1)
     * @param nMinTrials completed trials that must have reported the step (Optuna: 1)
     * @throws IllegalArgumentException naming an out-of-range setting
     */
    public PercentilePruner(
            double percentile, int nStartupTrials, int nWarmupSteps, int intervalSteps, int nMinTrials) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
        }
        if (nStartupTrials < 0 || nWarmupSteps < 0) {
            throw new IllegalArgumentException(
                    "nStartupTrials and nWarmupSteps must be >= 0, got " + nStartupTrials + " and " + nWarmupSteps);
        }
        if (intervalSteps < 1 || nMinTrials < 1) {
            throw new IllegalArgumentException(
                    "intervalSteps and nMinTrials must be >= 1, got " + intervalSteps + " and " + nMinTrials);
        }
        this.percentile = percentile;
        this.nStartupTrials = nStartupTrials;
        this.nWarmupSteps = nWarmupSteps;
        this.intervalSteps = intervalSteps;
        this.nMinTrials = nMinTrials;
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        List<FrozenTrial> completed = study.getTrials(TrialState.COMPLETE);
        if (completed.isEmpty() || completed.size() < nStartupTrials) {
            return false;
        }
        Integer step = trial.lastStep();
        if (step == null || step < nWarmupSteps) {
            return false;
        }
        if (!isFirstInInterval(step, trial)) {
            return false;
        }
        StudyDirection direction = study.getDirection();
        double best = Double.NaN;
        for (double v : trial.intermediateValues().values()) {
            if (!Double.isNaN(v) && (Double.isNaN(best) || direction.isBetter(v, best))) {
                best = v;
            }
        }
        if (Double.isNaN(best)) {
            return true;
        }
        List<Double> values = new ArrayList<>();
        for (FrozenTrial t : completed) {
            Double v = t.intermediateValues().get(step);
            if (v != null) {
                values.add(v);
            }
        }
        if (values.size() < nMinTrials) {
            return false;
        }
        double p = nanPercentile(values, direction == StudyDirection.MAXIMIZE ? 100 - percentile : percentile);
        if (Double.isNaN(p)) {
            return false;
        }
        return direction == StudyDirection.MAXIMIZE ? best < p : best > p;
    }

    /** True if no earlier reported step lies at or after the last pruning point before {@code step}. */
    private boolean isFirstInInterval(int step, FrozenTrial trial) {
        int nearestLower = (step - nWarmupSteps) / intervalSteps * intervalSteps + nWarmupSteps;
        int secondLast = -1;
        for (int s : trial.intermediateValues().keySet()) {
            if (s != step && s > secondLast) {
                secondLast = s;
            }
        }
        return secondLast < nearestLower;
    }

    /**
     * The percentile with linear interpolation between order statistics, ignoring NaN (numpy's
     * {@code nanpercentile}).
     *
     * @param values the values
     * @param q the percentile in [0, 100]
     * @return the percentile, or NaN if every value is NaN
     */
    static double nanPercentile(List<Double> values, double q) {
        List<Double> v = new ArrayList<>();
        for (double d : values) {
            if (!Double.isNaN(d)) {
                v.add(d);
            }
        }
        if (v.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(v);
        double rank = q / 100.0 * (v.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, v.size() - 1);
        return v.get(lo) + (rank - lo) * (v.get(hi) - v.get(lo));
    }
}
