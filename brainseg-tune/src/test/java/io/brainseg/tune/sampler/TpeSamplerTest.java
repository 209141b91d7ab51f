package io.brainseg.tune.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.space.Distribution;
import io.brainseg.tune.space.FloatDistribution;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {

    @Test
    void gammaIsTenPercentRoundedUpAndCappedAt25() {
        assertThat(TpeSampler.defaultGamma(1)).isEqualTo(1);
        assertThat(TpeSampler.defaultGamma(10)).isEqualTo(1);
        assertThat(TpeSampler.defaultGamma(11)).isEqualTo(2);
        assertThat(TpeSampler.defaultGamma(100)).isEqualTo(10);
        assertThat(TpeSampler.defaultGamma(1000)).isEqualTo(25);
    }

    @Test
    void weightsAreFlatBelow25AndRampOlderTrialsAbove() {
        assertThat(TpeSampler.defaultWeights(0)).isEmpty();
        assertThat(TpeSampler.defaultWeights(24)).containsOnly(1.0).hasSize(24);
        // n = 30: a ramp of 5 from 1/30 to 1 (numpy.linspace), then 25 ones.
        double[] w = TpeSampler.defaultWeights(30);
        double[] ramp = new double[5];
        for (int i = 0; i < 5; i++) {
            ramp[i] = 1.0 / 30 + i * (1 - 1.0 / 30) / 4;
        }
        assertThat(Arrays.copyOf(w, 5)).containsExactly(ramp, within(1e-15));
        assertThat(Arrays.copyOfRange(w, 5, 30)).containsOnly(1.0);
        assertThat(TpeSampler.defaultWeights(26)[0]).isEqualTo(1.0 / 26);
    }

    private static FrozenTrial trial(int number, TrialState state, Double value, double x, Map<Integer, Double> steps) {
        return new FrozenTrial(
                number,
                number,
                state,
                value,
                Map.of("x", x),
                Map.<String, Distribution>of("x", FloatDistribution.uniform(0, 1)),
                new TreeMap<>(steps),
                Map.of(),
                Map.of(),
                null,
                null);
    }

    @Test
    void completeTrialsRankBeforePrunedOnesAndDeeperPrunedBeforeShallower() {
        double sign = StudyDirection.MAXIMIZE.minimizationSign();
        double[] complete = TpeSampler.rankKey(trial(0, TrialState.COMPLETE, 0.5, 0.1, Map.of()), sign);
        double[] deep = TpeSampler.rankKey(trial(1, TrialState.PRUNED, null, 0.1, Map.of(0, 0.1, 4, 0.9)), sign);
        double[] shallow = TpeSampler.rankKey(trial(2, TrialState.PRUNED, null, 0.1, Map.of(1, 0.95)), sign);
        double[] none = TpeSampler.rankKey(trial(3, TrialState.PRUNED, null, 0.1, Map.of()), sign);
        assertThat(complete).containsExactly(Double.NEGATIVE_INFINITY, -0.5);
        assertThat(deep).containsExactly(-4, -0.9);
        assertThat(shallow).containsExactly(-1, -0.95);
        assertThat(none).containsExactly(1, 0);
    }

    @Test
    void afterStartUpTheSampleComesFromTheGoodGroupsRegion() {
        // 20 complete trials: x near 0.9 are good (maximise), the rest spread over [0, 0.5].
        List<FrozenTrial> trials = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double x = i < 2 ? 0.9 + 0.01 * i : 0.5 * i / 20;
            trials.add(trial(i, TrialState.COMPLETE, i < 2 ? 10.0 : x, x, Map.of()));
        }
        FakeStudy study = new FakeStudy(StudyDirection.MAXIMIZE, trials);
        TpeSampler tpe = TpeSampler.builder().optSeed(3).build();
        int near = 0;
        for (int i = 0; i < 50; i++) {
            double x = tpe.sampleIndependent(study, trials.get(0), "x", FloatDistribution.uniform(0, 1));
            assertThat(x).isBetween(0.0, 1.0);
            if (x > 0.6) {
                near++;
            }
        }
        assertThat(near).as("draws above 0.6 out of 50").isGreaterThan(40);
    }

    /** Draws landing in the good quadrants (x < 0.5 xor y < 0.5) out of 40. */
    private static int goodQuadrantDraws(TpeSampler tpe, FakeStudy study, FrozenTrial any) {
        int good = 0;
        Map<String, Distribution> space = tpe.inferRelativeSearchSpace(study, any);
        for (int i = 0; i < 40; i++) {
            double x;
            double y;
            if (space.isEmpty()) {
                x = tpe.sampleIndependent(study, any, "x", FloatDistribution.uniform(0, 1));
                y = tpe.sampleIndependent(study, any, "y", FloatDistribution.uniform(0, 1));
            } else {
                Map<String, Double> v = tpe.sampleRelative(study, any, space);
                x = v.get("x");
                y = v.get("y");
            }
            if (x < 0.5 ^ y < 0.5) {
                good++;
            }
        }
        return good;
    }

    @Test
    void multivariateTpeLearnsWhatOnlyTheJointDistributionShows() {
        // Good trials at (0.1, 0.9) and (0.9, 0.1), bad ones at (0.1, 0.1) and (0.9, 0.9): every
        // marginal is the same for good and bad, so only the joint model can tell them apart.
        List<FrozenTrial> trials = new java.util.ArrayList<>();
        Map<String, Distribution> d = Map.of(
                "x",
                FloatDistribution.uniform(0, 1),
                "y",
                FloatDistribution.uniform(0, 1),
                "c",
                io.brainseg.tune.space.CategoricalDistribution.of("only"));
        for (int i = 0; i < 20; i++) {
            double jitter = 0.002 * i;
            double x = (i % 2 == 0 ? 0.1 : 0.9) + jitter;
            double y = i < 2 ? 1 - x : x;
            trials.add(new FrozenTrial(
                    i,
                    i,
                    TrialState.COMPLETE,
                    i < 2 ? 1.0 : 0.0,
                    Map.of("x", x, "y", y, "c", 0.0),
                    d,
                    new TreeMap<>(),
                    Map.of(),
                    Map.of(),
                    null,
                    null));
        }
        FakeStudy study = new FakeStudy(StudyDirection.MAXIMIZE, trials);
        TpeSampler multi = TpeSampler.builder().optSeed(5).optMultivariate(true).build();
        assertThat(multi.inferRelativeSearchSpace(study, trials.get(0)).keySet())
                .as("single-valued 'c' is left out")
                .containsExactlyInAnyOrder("x", "y");
        int joint = goodQuadrantDraws(multi, study, trials.get(0));
        int independent = goodQuadrantDraws(TpeSampler.builder().optSeed(5).build(), study, trials.get(0));
        assertThat(joint).as("multivariate draws in the good quadrants").isGreaterThanOrEqualTo(34);
        // The univariate model sees identical marginals: no better than chance (half the draws).
        assertThat(independent).as("univariate draws in the good quadrants").isLessThanOrEqualTo(20);
    }

    @Test
    void beforeStartUpDrawsAreUniform() {
        FakeStudy study = new FakeStudy(StudyDirection.MAXIMIZE, List.of());
        TpeSampler tpe = TpeSampler.builder().optSeed(3).build();
        double sum = 0;
        for (int i = 0; i < 4000; i++) {
            sum += tpe.sampleIndependent(study, null, "x", FloatDistribution.uniform(0, 1));
        }
        assertThat(sum / 4000).isCloseTo(0.5, within(0.02));
    }
}
