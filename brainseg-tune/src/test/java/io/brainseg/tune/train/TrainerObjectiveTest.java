package io.brainseg.tune.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.train.Fixtures;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.sampler.RandomSampler;
import io.brainseg.tune.space.SearchSpace;
import io.brainseg.tune.storage.JdbcStorage;
import io.brainseg.tune.study.Study;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerObjectiveTest {

    @TempDir
    Path tmp;

    @Test
    void eachTrialIsARunDirectoryAndPrunedRunsStopEarly() {
        Path studyDir = tmp;
        // spotless:off
        // --- docs/tuning.md: trainer ---
        SearchSpace space = SearchSpace.builder().addLogFloat("lr", 1e-3, 3e-2).build();
        TrainerObjective objective = TrainerObjective.builder().setSearchSpace(space).setStudyDirectory(studyDir)
                .setRun((params, dir, pruning) -> {
                    try (SegmentationTrainer t = Fixtures.builder(dir, 2).optLearningRate((Double) params.get("lr"))
                            .addListener(pruning).build()) {
                        return t.fit(Fixtures.train(), Fixtures.val());
                    }
                }).build();
        // --- end ---
        // spotless:on
        try (JdbcStorage storage = JdbcStorage.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
                Study study = Study.builder()
                        .setStudyName("tiny")
                        .setStorage(storage)
                        .optSampler(new RandomSampler(2))
                        // Prune the second trial after its first epoch, never the first.
                        .optPruner((s, t) -> t.number() == 1)
                        .build()) {
            study.optimize(objective, 2, null);
            List<FrozenTrial> trials = study.getTrials();
            assertThat(trials).extracting(FrozenTrial::state).containsExactly(TrialState.COMPLETE, TrialState.PRUNED);
            FrozenTrial done = trials.get(0);
            assertThat(done.intermediateValues()).containsOnlyKeys(0, 1);
            assertThat(done.value())
                    .isEqualTo(done.intermediateValues().values().stream()
                            .mapToDouble(d -> d)
                            .max()
                            .getAsDouble());
            assertThat(trials.get(1).intermediateValues()).containsOnlyKeys(0);
            for (FrozenTrial t : trials) {
                Path dir = Path.of(t.userAttrs().get(TrainerObjective.RUN_DIR));
                assertThat(dir)
                        .isEqualTo(
                                TrainerObjective.runDirectory(tmp, t.number()).toAbsolutePath());
                assertThat(dir.resolve("config.json")).isRegularFile();
                assertThat(Files.exists(dir.resolve("best"))).isTrue();
            }
        }
    }

    @Test
    void theListenerReportsTheMonitoredValueOfEveryEpoch() {
        Path dir = tmp.resolve("one");
        RecordingTrial trial = new RecordingTrial();
        TrialPruningListener l = new TrialPruningListener(trial, null);
        TrainingResult r;
        try (SegmentationTrainer t = Fixtures.builder(dir, 2).addListener(l).build()) {
            r = t.fit(Fixtures.train(), Fixtures.val());
        }
        assertThat(trial.reported).hasSize(2);
        for (int e = 0; e < 2; e++) {
            assertThat(trial.reported.get(e))
                    .isEqualTo(r.getMonitor().valueOf(r.getHistory().get(e)));
        }
        assertThat(l.isPruned()).isFalse();
    }
}
