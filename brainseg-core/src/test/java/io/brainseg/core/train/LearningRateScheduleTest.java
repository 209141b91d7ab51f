package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private static final Monitor DICE = Monitor.max("dice");

    private static List<EpochRecord> history(double... dice) {
        List<EpochRecord> h = new ArrayList<>();
        for (int i = 0; i < dice.length; i++) {
            h.add(new EpochRecord(i, 1, 1, Map.of("dice", dice[i]), 0, 1, 1));
        }
        return h;
    }

    @Test
    void cosineStartsAtLrPassesTheMidpointAndEndsAtMin() {
        LearningRateSchedule s = LearningRateSchedule.cosine(1e-3, 1e-5, 10);
        assertThat(s.learningRate(0, List.of(), DICE)).isEqualTo(1e-3);
        assertThat(s.learningRate(5, List.of(), DICE)).isCloseTo((1e-3 + 1e-5) / 2, within(1e-12));
        assertThat(s.learningRate(10, List.of(), DICE)).isEqualTo(1e-5);
        assertThat(s.learningRate(3, List.of(), DICE)).isGreaterThan(s.learningRate(4, List.of(), DICE));
    }

    @Test
    void stepMultipliesByGammaEveryStepSizeEpochs() {
        LearningRateSchedule s = LearningRateSchedule.step(0.1, 3, 0.5);
        assertThat(s.learningRate(2, List.of(), DICE)).isEqualTo(0.1);
        assertThat(s.learningRate(3, List.of(), DICE)).isEqualTo(0.05);
        assertThat(s.learningRate(6, List.of(), DICE)).isEqualTo(0.025);
    }

    @Test
    void reduceOnPlateauCutsAfterPatiencePlusOneBadEpochsAndNotBelowMin() {
        LearningRateSchedule s = LearningRateSchedule.reduceOnPlateau(0.1, 0.5, 1, 0.03);
        List<EpochRecord> h = history(0.5, 0.6, 0.6, 0.55, 0.4, 0.4, 0.4, 0.4);
        assertThat(s.learningRate(3, h, DICE)).isEqualTo(0.1); // one bad epoch (2)
        assertThat(s.learningRate(4, h, DICE)).isEqualTo(0.05); // epochs 2, 3 bad: cut
        assertThat(s.learningRate(6, h, DICE)).isEqualTo(0.03); // second cut floored at min
        assertThat(s.learningRate(8, h, DICE)).isEqualTo(0.03);
    }

    @Test
    void warmupClimbsLinearlyToTheWrappedFirstRateThenRunsTheCosineOverTheRemainingEpochs() {
        // 3 warm-up epochs then a cosine over the 4 that are left: 7 epochs in all. The ramp is
        // 0.8·1/4, 0.8·2/4, 0.8·3/4; the cosine's floor 0 comes at epoch 3 + 4.
        LearningRateSchedule s = LearningRateSchedule.warmup(3, LearningRateSchedule.cosine(0.8, 0.0, 4));
        double[] expected = {
            0.2,
            0.4,
            0.6,
            0.8,
            0.8 * (1 + Math.cos(Math.PI / 4)) / 2,
            0.4,
            0.8 * (1 + Math.cos(3 * Math.PI / 4)) / 2,
            0.0
        };
        for (int e = 0; e < expected.length; e++) {
            assertThat(s.learningRate(e, List.of(), DICE)).as("epoch %d", e).isCloseTo(expected[e], within(1e-15));
        }
    }

    @Test
    void warmupHidesItsOwnEpochsFromAHistoryDrivenSchedule() {
        // Without the shift, the two poor warm-up epochs would count towards the plateau.
        LearningRateSchedule s = LearningRateSchedule.warmup(2, LearningRateSchedule.reduceOnPlateau(0.1, 0.5, 0, 0));
        List<EpochRecord> h = history(0.1, 0.05, 0.5, 0.4, 0.3);
        assertThat(s.learningRate(2, h, DICE)).isEqualTo(0.1);
        assertThat(s.learningRate(3, h, DICE)).isEqualTo(0.1); // 0.5 is the first it sees: an improvement
        assertThat(s.learningRate(4, h, DICE)).isEqualTo(0.05); // 0.4 does not improve: cut
        assertThat(s.learningRate(5, h, DICE)).isEqualTo(0.025);
    }

    @Test
    void everyScheduleRoundTripsThroughJson() {
        for (LearningRateSchedule s : List.of(
                LearningRateSchedule.constant(0.01),
                LearningRateSchedule.cosine(0.01, 0.001, 7),
                LearningRateSchedule.step(0.01, 2, 0.1),
                LearningRateSchedule.reduceOnPlateau(0.01, 0.2, 3, 1e-6),
                LearningRateSchedule.warmup(3, LearningRateSchedule.cosine(0.01, 0.001, 7)))) {
            assertThat(LearningRateSchedule.fromJson(s.toJson())).isEqualTo(s);
        }
    }

    @Test
    void invalidSettingsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> LearningRateSchedule.constant(0)).hasMessageContaining("lr");
        assertThatThrownBy(() -> LearningRateSchedule.cosine(0.1, 0.2, 5)).hasMessageContaining("minLr");
        assertThatThrownBy(() -> LearningRateSchedule.step(0.1, 0, 0.5)).hasMessageContaining("stepSize");
        assertThatThrownBy(() -> LearningRateSchedule.reduceOnPlateau(0.1, 1.5, 1, 0))
                .hasMessageContaining("factor");
        assertThatThrownBy(() -> LearningRateSchedule.warmup(0, LearningRateSchedule.constant(0.1)))
                .hasMessageContaining("warm-up epochs")
                .hasMessageContaining("0");
    }
}
