package io.brainseg.tune.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialPrunedException;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.sampler.RandomSampler;
import io.brainseg.tune.sampler.TpeSampler;
import io.brainseg.tune.space.FloatDistribution;
import io.brainseg.tune.space.SearchSpace;
import io.brainseg.tune.storage.JdbcStorage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StudyTest {

    static JdbcStorage memory() {
        return JdbcStorage.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void failedAndPrunedTrialsAreRecordedAndTheStudyGoesOn() {
        try (JdbcStorage storage = memory();
                Study study = Study.builder()
                        .setStudyName("s")
                        .setStorage(storage)
                        .optSampler(new RandomSampler(1))
                        .build()) {
            int[] calls = {0};
            int ran = study.optimize(
                    trial -> {
                        double x = trial.suggestFloat("x", 0, 1);
                        trial.report(0, x);
                        switch (calls[0]++) {
                            case 0:
                                throw new IllegalStateException("diverged at epoch 3");
                            case 1:
                                throw new TrialPrunedException("pruned");
                            case 2:
                                return Double.NaN;
                            default:
                                return x;
                        }
                    },
                    5,
                    null);
            assertThat(ran).isEqualTo(5);
            List<FrozenTrial> trials = study.getTrials();
            assertThat(trials)
                    .extracting(FrozenTrial::state)
                    .containsExactly(
                            TrialState.FAIL,
                            TrialState.PRUNED,
                            TrialState.FAIL,
                            TrialState.COMPLETE,
                            TrialState.COMPLETE);
            assertThat(trials.get(0).systemAttrs().get(Study.FAIL_REASON))
                    .isEqualTo("java.lang.IllegalStateException: diverged at epoch 3");
            assertThat(trials.get(2).systemAttrs().get(Study.FAIL_REASON)).contains("NaN");
            assertThat(trials).extracting(FrozenTrial::number).containsExactly(0, 1, 2, 3, 4);
            double best = Math.max(trials.get(3).value(), trials.get(4).value());
            assertThat(study.getBestTrial())
                    .get()
                    .extracting(FrozenTrial::value)
                    .isEqualTo(best);
            assertThat(trials.get(1).intermediateValues()).containsKey(0);
        }
    }

    @Test
    void seededTpeStudiesAreReproducible() {
        assertThat(run(7)).isEqualTo(run(7)).isNotEqualTo(run(8));
    }

    private static List<Map<String, Object>> run(long seed) {
        try (JdbcStorage storage = memory();
                Study study = Study.builder()
                        .setStudyName("q")
                        .setStorage(storage)
                        .optDirection(StudyDirection.MINIMIZE)
                        .optSampler(TpeSampler.builder()
                                .optSeed(seed)
                                .optNStartupTrials(3)
                                .build())
                        .build()) {
            study.optimize(
                    trial -> {
                        Map<String, Object> p = SearchSpace.builder()
                                .addFloat("x", -5, 5)
                                .addCategorical("c", "a", "b")
                                .addInt("k", 1, 4)
                                .build()
                                .suggest(trial);
                        return Math.pow((Double) p.get("x") - 1, 2) + ((Long) p.get("k"));
                    },
                    8,
                    null);
            return study.getTrials().stream().map(FrozenTrial::params).collect(Collectors.toList());
        }
    }

    @Test
    void repeatedSuggestionsReturnTheStoredValueAndConditionalParametersAppearOnlyWhenTheirParentAllows() {
        SearchSpace space = SearchSpace.builder()
                .addCategorical("arch", "unet", "attention_unet")
                .addConditional("gates", FloatDistribution.uniform(0, 1), "arch", "attention_unet")
                .build();
        try (JdbcStorage storage = memory();
                Study study = Study.builder()
                        .setStudyName("c")
                        .setStorage(storage)
                        .optSampler(new RandomSampler(3))
                        .build()) {
            study.optimize(
                    trial -> {
                        Map<String, Object> p = space.suggest(trial);
                        assertThat(trial.suggestCategorical("arch", List.of("unet", "attention_unet")))
                                .isEqualTo(p.get("arch"));
                        return 1.0;
                    },
                    12,
                    null);
            for (FrozenTrial t : study.getTrials()) {
                assertThat(t.params().containsKey("gates"))
                        .isEqualTo("attention_unet".equals(t.params().get("arch")));
            }
            assertThat(study.getTrials())
                    .extracting(t -> t.params().get("arch"))
                    .contains("unet", "attention_unet");
        }
    }

    @Test
    void enqueuedTrialsAreTakenFirstWithTheirParameters() {
        try (JdbcStorage storage = memory();
                Study study = Study.builder()
                        .setStudyName("e")
                        .setStorage(storage)
                        .optSampler(new RandomSampler(3))
                        .build()) {
            study.enqueueTrial(Map.of("x", 0.25), Map.of("x", FloatDistribution.uniform(0, 1)));
            study.optimize(trial -> trial.suggestFloat("x", 0, 1), 2, null);
            assertThat(study.getTrials().get(0).value()).isEqualTo(0.25);
            assertThat(study.getTrials().get(1).value()).isNotEqualTo(0.25);
        }
    }

    @Test
    void builderNamesTheMissingSetting() {
        assertThatThrownBy(
                        () -> Study.builder().setStorage(null).setStudyName("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storage");
        assertThatThrownBy(() -> Study.builder().setStudyName(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("study name");
    }
}
