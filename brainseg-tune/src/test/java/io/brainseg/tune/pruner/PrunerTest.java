package io.brainseg.tune.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.sampler.FakeStudy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrunerTest {

    private static FrozenTrial trial(int number, TrialState state, Map<String, String> attrs, double... curve) {
        TreeMap<Integer, Double> steps = new TreeMap<>();
        for (int i = 0; i < curve.length; i++) {
            steps.put(i, curve[i]);
        }
        return new FrozenTrial(
                number,
                number,
                state,
                state == TrialState.COMPLETE ? curve[curve.length - 1] : null,
                Map.of(),
                Map.of(),
                steps,
                Map.of(),
                attrs,
                null,
                null);
    }

    private static List<FrozenTrial> completed(int n) {
        // Complete trials with Dice curves 0.1·k, 0.1·k + 0.05 for k = 1..n: at step 1 the values are
        // 0.15, 0.25, 0.35, 0.45, 0.55, so with 5 trials the median at step 1 is 0.35.
        List<FrozenTrial> out = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            out.add(trial(k - 1, TrialState.COMPLETE, Map.of(), 0.1 * k, 0.1 * k + 0.05));
        }
        return out;
    }

    @Test
    void medianPrunerWaitsForFiveCompletedTrials() {
        FakeStudy four = new FakeStudy(StudyDirection.MAXIMIZE, completed(4));
        assertThat(new MedianPruner().prune(four, trial(9, TrialState.RUNNING, Map.of(), 0.0, 0.0)))
                .isFalse();
    }

    @Test
    void medianPrunerComparesTheBestValueSoFarWithTheMedianAtTheStep() {
        FakeStudy study = new FakeStudy(StudyDirection.MAXIMIZE, completed(5));
        MedianPruner p = new MedianPruner();
        // best so far 0.34 < median 0.35 at step 1 -> prune; 0.36 -> keep; an early 0.5 counts as best.
        assertThat(p.prune(study, trial(9, TrialState.RUNNING, Map.of(), 0.1, 0.34)))
                .isTrue();
        assertThat(p.prune(study, trial(9, TrialState.RUNNING, Map.of(), 0.1, 0.36)))
                .isFalse();
        assertThat(p.prune(study, trial(9, TrialState.RUNNING, Map.of(), 0.5, 0.2)))
                .isFalse();
        assertThat(p.prune(study, trial(9, TrialState.RUNNING, Map.of(), Double.NaN, Double.NaN)))
                .isTrue();
        // Minimising a loss with the same history: median 0.35, best (lowest) 0.34 -> keep, 0.36 -> prune.
        FakeStudy loss = new FakeStudy(StudyDirection.MINIMIZE, completed(5));
        assertThat(p.prune(loss, trial(9, TrialState.RUNNING, Map.of(), 0.9, 0.34)))
                .isFalse();
        assertThat(p.prune(loss, trial(9, TrialState.RUNNING, Map.of(), 0.9, 0.36)))
                .isTrue();
    }

    @Test
    void warmUpAndIntervalStepsAreNeverPruned() {
        FakeStudy study = new FakeStudy(StudyDirection.MAXIMIZE, completed(5));
        assertThat(new MedianPruner(5, 2, 1).prune(study, trial(9, TrialState.RUNNING, Map.of(), 0.0, 0.0)))
                .isFalse();
        // interval 2: step 1 follows step 0 in the same interval [0, 2) -> not a pruning step.
        assertThat(new MedianPruner(5, 0, 2).prune(study, trial(9, TrialState.RUNNING, Map.of(), 0.0, 0.0)))
                .isFalse();
        assertThat(new MedianPruner(5, 0, 2).prune(study, trial(9, TrialState.RUNNING, Map.of(), 0.0)))
                .isTrue();
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        // numpy.percentile([1, 2, 3, 4], 25) = 1.75; NaN ignored.
        assertThat(PercentilePruner.nanPercentile(List.of(4.0, 1.0, Double.NaN, 3.0, 2.0), 25))
                .isEqualTo(1.75);
    }

    @Test
    void successiveHalvingKeepsTheTopQuarterAtEachRung() {
        // min resource 1, eta 4: rung 0 at step 1. Three trials already recorded 0.2, 0.5, 0.8 at rung 0.
        List<FrozenTrial> trials = new ArrayList<>();
        double[] rung0 = {0.2, 0.5, 0.8};
        for (int i = 0; i < 3; i++) {
            trials.add(trial(i, TrialState.PRUNED, Map.of("completed_rung_0", Double.toString(rung0[i])), 0, rung0[i]));
        }
        FakeStudy study = new FakeStudy(StudyDirection.MAXIMIZE, trials);
        SuccessiveHalvingPruner sh = new SuccessiveHalvingPruner(1, 4, 0);
        // 4 competitors -> promotable index 4/4 - 1 = 0: only the best goes on.
        assertThat(sh.prune(study, trial(7, TrialState.RUNNING, new HashMap<>(), 0, 0.7)))
                .isTrue();
        assertThat(sh.prune(study, trial(8, TrialState.RUNNING, new HashMap<>(), 0, 0.9)))
                .isFalse();
        assertThat(study.written.get(8L)).containsEntry("completed_rung_0", "0.9");
        // Before the first rung (step 0 < 1) nothing is decided.
        assertThat(sh.prune(study, trial(9, TrialState.RUNNING, new HashMap<>(), 0.0)))
                .isFalse();
    }

    @Test
    void hyperbandHasLogEtaBracketsAndComparesWithinABracket() {
        HyperbandPruner hb = new HyperbandPruner(1, 27, 3);
        assertThat(hb.bracketCount()).isEqualTo(4);
        // Trial 4 is in bracket 0 (4 mod 4), rung 0 at step 1; its only competitor at rung 0 is
        // trial 0 (bracket 0); trial 1 (bracket 1) with a better value does not compete.
        List<FrozenTrial> trials = List.of(
                trial(0, TrialState.COMPLETE, Map.of("completed_rung_0", "0.6"), 0, 0.6),
                trial(1, TrialState.COMPLETE, Map.of("completed_rung_0", "0.99"), 0, 0.99));
        FakeStudy study = new FakeStudy(StudyDirection.MAXIMIZE, trials);
        assertThat(hb.prune(study, trial(4, TrialState.RUNNING, new HashMap<>(), 0, 0.7)))
                .isFalse();
        assertThat(hb.prune(study, trial(8, TrialState.RUNNING, new HashMap<>(), 0, 0.5)))
                .isTrue();
    }
}
