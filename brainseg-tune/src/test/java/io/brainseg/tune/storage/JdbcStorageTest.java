package io.brainseg.tune.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.sampler.RandomSampler;
import io.brainseg.tune.space.CategoricalDistribution;
import io.brainseg.tune.space.FloatDistribution;
import io.brainseg.tune.study.Study;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcStorageTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void trialsRoundTripWithParametersValuesAndAttributes(String kind) throws Exception {
        try (JdbcStorage s = JdbcStorage.open(Databases.fresh(kind))) {
            assertThat(s.schemaVersion()).isEqualTo("2");
            long study = s.getOrCreateStudy("dice", StudyDirection.MAXIMIZE);
            assertThat(s.getOrCreateStudy("dice", StudyDirection.MAXIMIZE)).isEqualTo(study);
            FrozenTrial t0 = s.startTrial(study);
            FrozenTrial t1 = s.startTrial(study);
            assertThat(List.of(t0.number(), t1.number())).containsExactly(0, 1);
            s.setParam(t0.trialId(), "lr", 1.087e-3, FloatDistribution.logUniform(1e-6, 0.1));
            s.setParam(t0.trialId(), "batch", 0, CategoricalDistribution.of(16, 32));
            s.reportIntermediate(t0.trialId(), 0, 0.5);
            s.reportIntermediate(t0.trialId(), 1, Double.NaN);
            s.reportIntermediate(t0.trialId(), 2, Double.NEGATIVE_INFINITY);
            s.reportIntermediate(t0.trialId(), 0, 0.9);
            s.setTrialUserAttr(t0.trialId(), "run_dir", "/runs/trial-0");
            s.setTrialSystemAttr(t0.trialId(), "fail_reason", "none");
            assertThat(s.finishTrial(t0.trialId(), TrialState.COMPLETE, 0.839)).isTrue();
            assertThat(s.finishTrial(t0.trialId(), TrialState.FAIL, null))
                    .as("already finished")
                    .isFalse();
            s.finishTrial(t1.trialId(), TrialState.PRUNED, null);
            FrozenTrial back = s.getTrial(t0.trialId());
            assertThat(back.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(back.value()).isEqualTo(0.839);
            assertThat(back.params()).containsEntry("lr", 1.087e-3).containsEntry("batch", 16L);
            assertThat(back.distributions().get("lr")).isEqualTo(FloatDistribution.logUniform(1e-6, 0.1));
            assertThat(back.intermediateValues()).containsEntry(0, 0.5).containsEntry(2, Double.NEGATIVE_INFINITY);
            assertThat(back.intermediateValues().get(1)).isNaN();
            assertThat(back.userAttrs()).containsEntry("run_dir", "/runs/trial-0");
            assertThat(back.start()).isNotNull();
            assertThat(back.complete()).isNotNull();
            assertThat(s.getTrials(study))
                    .extracting(FrozenTrial::state)
                    .containsExactly(TrialState.COMPLETE, TrialState.PRUNED);
            assertThat(s.getStudyNames()).containsExactly("dice");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStudyResumesAfterEveryWorkerDiedAndRetriesTheDeadTrial(String kind) throws Exception {
        String url = Databases.fresh(kind);
        // A worker started a trial, drew its parameter and died: no heartbeat, never finished.
        try (JdbcStorage dead = JdbcStorage.open(url)) {
            long id = dead.getOrCreateStudy("resume", StudyDirection.MAXIMIZE);
            FrozenTrial t = dead.startTrial(id);
            dead.setParam(t.trialId(), "x", 0.123, FloatDistribution.uniform(0, 1));
        }
        Thread.sleep(1500);
        try (JdbcStorage s = JdbcStorage.open(url);
                Study study = Study.builder()
                        .setStudyName("resume")
                        .setStorage(s)
                        .optSampler(new RandomSampler(1))
                        .optHeartbeat(Duration.ofMillis(100), Duration.ofMillis(1000))
                        .build()) {
            study.optimize(trial -> trial.suggestFloat("x", 0, 1), 3, null);
            List<FrozenTrial> trials = study.getTrials();
            assertThat(trials).extracting(FrozenTrial::number).containsExactly(0, 1, 2, 3);
            assertThat(trials.get(0).state()).isEqualTo(TrialState.FAIL);
            assertThat(trials.get(0).systemAttrs().get("fail_reason")).contains("no heartbeat");
            FrozenTrial retry = trials.get(1);
            assertThat(retry.systemAttrs()).containsEntry("retried_from", "0");
            assertThat(retry.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(retry.value()).isEqualTo(0.123);
            assertThat(trials.subList(1, 4)).extracting(FrozenTrial::state).containsOnly(TrialState.COMPLETE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aLiveTrialKeepsItsHeartbeatAndIsNotFailed(String kind) throws Exception {
        String url = Databases.fresh(kind);
        try (JdbcStorage a = JdbcStorage.open(url);
                JdbcStorage b = JdbcStorage.open(url)) {
            long id = a.getOrCreateStudy("live", StudyDirection.MINIMIZE);
            FrozenTrial t = a.startTrial(id);
            for (int i = 0; i < 6; i++) {
                Thread.sleep(250);
                a.recordHeartbeat(t.trialId());
                assertThat(b.failStaleTrials(id, Duration.ofMillis(1000))).isEmpty();
            }
            Thread.sleep(1300);
            assertThat(b.failStaleTrials(id, Duration.ofMillis(1000))).containsExactly(0);
            assertThat(a.finishTrial(t.trialId(), TrialState.COMPLETE, 1.0))
                    .as("late finish is refused")
                    .isFalse();
            assertThat(b.getTrials(id))
                    .extracting(FrozenTrial::state)
                    .containsExactly(TrialState.FAIL, TrialState.WAITING);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStudyWithAnotherDirectionIsRefused(String kind) throws Exception {
        try (JdbcStorage s = JdbcStorage.open(Databases.fresh(kind))) {
            s.getOrCreateStudy("d", StudyDirection.MAXIMIZE);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.getOrCreateStudy("d", StudyDirection.MINIMIZE))
                    .hasMessageContaining("MAXIMIZE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void enqueuedParametersSurviveTheRoundTrip(String kind) throws Exception {
        try (JdbcStorage s = JdbcStorage.open(Databases.fresh(kind))) {
            long id = s.getOrCreateStudy("q", StudyDirection.MAXIMIZE);
            s.enqueueTrial(id, Map.of("f", 2.0), Map.of("f", CategoricalDistribution.of(8, 16, 32)), Map.of("k", "v"));
            FrozenTrial t = s.startTrial(id);
            assertThat(t.state()).isEqualTo(TrialState.RUNNING);
            assertThat(t.params()).containsEntry("f", 32L);
            assertThat(t.systemAttrs()).containsEntry("k", "v");
        }
    }
}
