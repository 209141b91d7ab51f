package io.brainseg.tune.pruner;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Pruner;
import io.brainseg.tune.StudyView;

/**
 * Hyperband (Li et al. 2018; Optuna's {@code HyperbandPruner}): several successive-halving
 * brackets with different minimum early-stopping rates {@code s = 0 … B−1}, where
 * {@code B = ⌊log_η(maxResource / minResource)⌋ + 1}; each trial belongs to one bracket and competes
 * only with the trials of that bracket. Brackets are assigned round-robin by trial number
 * ({@code number mod B}), where Optuna hashes the trial number and weights brackets by budget; the
 * rung rule inside a bracket is {@link SuccessiveHalvingPruner}'s.
 */
public final class HyperbandPruner implements Pruner {

    private final SuccessiveHalvingPruner[] brackets;

    /**
     * Creates the pruner.
     *
     * @param minResource steps before a bracket's first rung, at least 1
     * @param maxResource the most steps a trial runs (e.g. the epochs)
     * @param reductionFactor η, at least 2 (Optuna: 3)
     * @throws IllegalArgumentException naming an invalid setting
     */
    public HyperbandPruner(int minResource, int maxResource, int reductionFactor) {
        if (minResource < 1 || maxResource < minResource || reductionFactor < 2) {
            throw new IllegalArgumentException(
                    "hyperband needs 1 <= minResource <= maxResource and reductionFactor >= 2," + " got " + minResource
                            + ", " + maxResource + ", " + reductionFactor);
        }
        int n = (int) Math.floor(Math.log((double) maxResource / minResource) / Math.log(reductionFactor) + 1e-9) + 1;
        brackets = new SuccessiveHalvingPruner[n];
        for (int s = 0; s < n; s++) {
            int bracket = s;
            brackets[s] = new SuccessiveHalvingPruner(minResource, reductionFactor, s, t -> bracketOf(t, n) == bracket);
        }
    }

    private static int bracketOf(FrozenTrial t, int n) {
        return t.number() % n;
    }

    /**
     * Returns the number of brackets.
     *
     * @return B
     */
    public int bracketCount() {
        return brackets.length;
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        return brackets[bracketOf(trial, brackets.length)].prune(study, trial);
    }
}
