package io.brainseg.tune.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.sampler.TpeSampler;
import io.brainseg.tune.study.Study;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrencyTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void fourWorkerThreadsTimesThreeTrialsGiveTwelveDistinctTrials(String kind) throws Exception {
        String url = Databases.fresh(kind);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                long seed = w;
                runs.add(pool.submit(() -> {
                    // Each worker: its own connection, study object and sampler.
                    try (JdbcStorage s = JdbcStorage.open(url);
                            Study study = Study.builder().setStudyName("four").setStorage(s)
                                    .optSampler(TpeSampler.builder().optSeed(seed).build()).build()) {
                        return study.optimize(t -> {
                            double x = t.suggestFloat("x", 0, 1);
                            Thread.sleep(20);
                            return x;
                        }, 3, null);
                    }
                }));
            }
            for (Future<Integer> f : runs) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(3);
            }
        } finally {
            pool.shutdownNow();
        }
        try (JdbcStorage s = JdbcStorage.open(url)) {
            List<FrozenTrial> trials = s.getTrials(s.getOrCreateStudy("four", StudyDirection.MAXIMIZE));
            assertThat(trials).hasSize(12);
            assertThat(trials).extracting(FrozenTrial::number).containsExactlyElementsOf(
                    IntStream.range(0, 12).boxed().collect(Collectors.toList()));
            assertThat(trials).extracting(FrozenTrial::state).containsOnly(TrialState.COMPLETE);
            assertThat(trials).allSatisfy(t -> assertThat(t.value()).isEqualTo(t.internalParams().get("x")));
        }
    }

    private static Process worker(String url, int trials, long sleepMs, int maxTrials, long seed) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-cp", cp, WorkerMain.class.getName(), url, "procs",
                Integer.toString(trials), Long.toString(sleepMs), Integer.toString(maxTrials), Long.toString(seed))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void fourWorkerProcessesShareAPostgresStudyAndSurviveAKilledWorker() throws Exception {
        String url = Databases.fresh("postgresql");
        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(worker(url, 100, 400, 12, w));
        }
        try (JdbcStorage s = JdbcStorage.open(url)) {
            // Kill the first worker once it is running a trial.
            long victim = workers.get(0).pid();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Long studyId = null;
            boolean killed = false;
            while (System.nanoTime() < deadline && !killed) {
                Thread.sleep(50);
                if (studyId == null && s.getStudyNames().contains("procs")) {
                    studyId = s.getOrCreateStudy("procs", StudyDirection.MAXIMIZE);
                }
                if (studyId != null) {
                    for (FrozenTrial t : s.getTrials(studyId)) {
                        if (t.state() == TrialState.RUNNING && Long.toString(victim).equals(t.userAttrs().get("pid"))) {
                            workers.get(0).destroyForcibly().waitFor();
                            killed = true;
                        }
                    }
                }
            }
            assertThat(killed).as("worker 0 was seen running a trial and killed").isTrue();
            for (Process p : workers.subList(1, 4)) {
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            }
            List<FrozenTrial> trials = s.getTrials(studyId);
            Map<TrialState, Long> byState = trials.stream()
                    .collect(Collectors.groupingBy(FrozenTrial::state, Collectors.counting()));
            assertThat(byState.get(TrialState.COMPLETE)).isBetween(12L, 15L);
            assertThat(trials).extracting(FrozenTrial::number).doesNotHaveDuplicates();
            assertThat(trials).extracting(FrozenTrial::number).containsExactlyElementsOf(
                    IntStream.range(0, trials.size()).boxed().collect(Collectors.toList()));
            // The killed worker's trial is failed by heartbeat timeout, by a survivor or, if they all
            // finished first, by the next worker to join (done here as a worker does before each trial).
            List<FrozenTrial> dead = trials.stream()
                    .filter(t -> Long.toString(victim).equals(t.userAttrs().get("pid"))
                            && t.state() != TrialState.COMPLETE)
                    .collect(Collectors.toList());
            assertThat(dead).hasSize(1);
            if (dead.get(0).state() == TrialState.RUNNING) {
                Thread.sleep(2100);
                assertThat(s.failStaleTrials(studyId, Duration.ofMillis(2000))).containsExactly(dead.get(0).number());
                trials = s.getTrials(studyId);
            }
            FrozenTrial failed = trials.get(dead.get(0).number());
            assertThat(failed.state()).isEqualTo(TrialState.FAIL);
            assertThat(failed.systemAttrs().get("fail_reason")).contains("no heartbeat");
            FrozenTrial retry = trials.stream()
                    .filter(t -> Integer.toString(failed.number()).equals(t.systemAttrs().get("retried_from")))
                    .findFirst().orElseThrow();
            assertThat(retry.internalParams()).isEqualTo(failed.internalParams());
            assertThat(retry.state()).isIn(TrialState.WAITING, TrialState.COMPLETE);
        } finally {
            workers.forEach(Process::destroyForcibly);
        }
    }
}
