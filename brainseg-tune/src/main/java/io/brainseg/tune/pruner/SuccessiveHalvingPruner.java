package io.brainseg.tune.pruner;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Pruner;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.StudyView;
import io.brainseg.tune.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Asynchronous successive halving (ASHA; Optuna's {@code SuccessiveHalvingPruner}). Rung {@code r}
 * is reached at step {@code minResource · η^(s + r)} (η the reduction factor, s the minimum early
 * stopping rate). On reaching a rung, the trial's value there is stored as the system attribute
 * {@code completed_rung_r}, and the trial goes on only if it is among the best {@code 1/η} of all
 * values recorded at that rung so far (at least the best one); otherwise it is pruned. With
 * {@code minResource} 0 ("auto") it is estimated, once a trial completed, as
 * {@code max(lastStep / 100, 1)}.
 */
public class SuccessiveHalvingPruner implements Pruner {

    private int minResource;
    private final int reductionFactor;
    private final int minEarlyStoppingRate;
    private final Predicate<FrozenTrial> competitors;

    /** Optuna's defaults: min resource auto, reduction factor 4, min early stopping rate 0. */
    public SuccessiveHalvingPruner() {
        this(0, 4, 0);
    }

    /**
     * Creates the pruner.
     *
     * @param minResource steps before the first rung, or 0 to estimate it
     * @param reductionFactor η, at least 2
     * @param minEarlyStoppingRate s, at least 0
     */
    public SuccessiveHalvingPruner(int minResource, int reductionFactor, int minEarlyStoppingRate) {
        this(minResource, reductionFactor, minEarlyStoppingRate, t -> true);
    }

    SuccessiveHalvingPruner(
            int minResource, int reductionFactor, int minEarlyStoppingRate, Predicate<FrozenTrial> competitors) {
        if (minResource < 0 || reductionFactor < 2 || minEarlyStoppingRate < 0) {
            throw new IllegalArgumentException("successive halving needs minResource >= 0 (0 = auto), "
                    + "reductionFactor >= 2, minEarlyStoppingRate >= 0; got " + minResource + ", " + reductionFactor
                    + ", " + minEarlyStoppingRate);
        }
        this.minResource = minResource;
        this.reductionFactor = reductionFactor;
        this.minEarlyStoppingRate = minEarlyStoppingRate;
        this.competitors = competitors;
    }

    static String rungKey(int rung) {
        return "completed_rung_" + rung;
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        Integer step = trial.lastStep();
        if (step == null) {
            return false;
        }
        int rung = 0;
        while (trial.systemAttrs().containsKey(rungKey(rung))) {
            rung++;
        }
        double value = trial.intermediateValues().get(step);
        List<FrozenTrial> trials = null;
        while (true) {
            if (minResource == 0) {
                trials = study.getTrials();
                int last = -1;
                for (FrozenTrial t : trials) {
                    if (t.state() == TrialState.COMPLETE && t.lastStep() != null) {
                        last = Math.max(last, t.lastStep());
                    }
                }
                if (last < 0) {
                    return false;
                }
                minResource = Math.max(last / 100, 1);
            }
            long promotionStep = minResource * (long) Math.pow(reductionFactor, minEarlyStoppingRate + rung);
            if (step < promotionStep) {
                return false;
            }
            if (Double.isNaN(value)) {
                return true;
            }
            if (trials == null) {
                trials = study.getTrials();
            }
            String key = rungKey(rung);
            study.setTrialSystemAttr(trial.trialId(), key, Double.toString(value));
            List<Double> competing = new ArrayList<>();
            for (FrozenTrial t : trials) {
                String v = t.systemAttrs().get(key);
                if (v != null && t.trialId() != trial.trialId() && competitors.test(t)) {
                    competing.add(Double.parseDouble(v));
                }
            }
            competing.add(value);
            if (!promotable(value, competing, study.getDirection())) {
                return true;
            }
            rung++;
        }
    }

    private boolean promotable(double value, List<Double> competing, StudyDirection direction) {
        int idx = competing.size() / reductionFactor - 1;
        if (idx < 0) {
            idx = 0;
        }
        Collections.sort(competing);
        if (direction == StudyDirection.MAXIMIZE) {
            return value >= competing.get(competing.size() - 1 - idx);
        }
        return value <= competing.get(idx);
    }
}
