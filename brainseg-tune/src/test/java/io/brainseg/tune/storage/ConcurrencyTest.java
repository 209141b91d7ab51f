package io.brainseg.tune.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.sampler.TpeSampler;
import io.brainseg.tune.space.FloatDistribution;
import io.brainseg.tune.study.Study;
import java.io.IOException;
import java.nio.file.Files;
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
import org.junit.jupiter.api.io.TempDir;
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
                            Study study = Study.builder()
                                    .setStudyName("four")
                                    .setStorage(s)
                                    .optSampler(
                                            TpeSampler.builder().optSeed(seed).build())
                                    .build()) {
                        return study.optimize(
                                t -> {
                                    double x = t.suggestFloat("x", 0, 1);
                                    Thread.sleep(20);
                                    return x;
                                },
                                3,
                                null);
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
            assertThat(trials)
                    .extracting(FrozenTrial::number)
                    .containsExactlyElementsOf(IntStream.range(0, 12).boxed().collect(Collectors.toList()));
            assertThat(trials).extracting(FrozenTrial::state).containsOnly(TrialState.COMPLETE);
            assertThat(trials).allSatisfy(t -> assertThat(t.value())
                    .isEqualTo(t.internalParams().get("x")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStudyReadWhileAnotherWorkerWritesIsOneConsistentSnapshot(String kind) throws Exception {
        String url = Databases.fresh(kind);
        int writes = 150;
        try (JdbcStorage writer = JdbcStorage.open(url);
                JdbcStorage reader = JdbcStorage.open(url)) {
            long study = writer.getOrCreateStudy("torn", StudyDirection.MINIMIZE);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> writing = pool.submit(() -> {
                    for (int i = 0; i < writes; i++) {
                        FrozenTrial t = writer.startTrial(study);
                        writer.setParam(t.trialId(), "x", i, FloatDistribution.uniform(0, writes));
                        writer.setTrialUserAttr(t.trialId(), "i", Integer.toString(i));
                        writer.finishTrial(t.trialId(), TrialState.COMPLETE, (double) i);
                    }
                    return null;
                });
                int reads = 0;
                while (!writing.isDone() || reads == 0) {
                    // Every trial read COMPLETE carries the parameter and attribute written before
                    // it finished: a read spread over several snapshots could see it without them.
                    for (FrozenTrial t : reader.getTrials(study)) {
                        if (t.state() == TrialState.COMPLETE) {
                            assertThat(t.internalParams()).containsEntry("x", t.value());
                            assertThat(t.userAttrs())
                                    .containsEntry(
                                            "i", Integer.toString(t.value().intValue()));
                        }
                    }
                    reads++;
                }
                writing.get();
                assertThat(reads).isGreaterThan(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(reader.getTrials(study)).hasSize(writes);
        }
    }

    private static Process worker(Path log, String url, int trials, long sleepMs, int maxTrials, long seed)
            throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-cp",
                        cp,
                        WorkerMain.class.getName(),
                        url,
                        "procs",
                        Integer.toString(trials),
                        Long.toString(sleepMs),
                        Integer.toString(maxTrials),
                        Long.toString(seed))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    @Test
    void fourWorkerProcessesShareAPostgresStudyAndSurviveAKilledWorker(@TempDir Path logs) throws Exception {
        String url = Databases.fresh("postgresql");
        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(worker(logs.resolve("worker" + w + ".log"), url, 100, 400, 12, w));
        }
        try (JdbcStorage s = JdbcStorage.open(url)) {
            // Kill the first worker once it is running a trial. The loop ends as soon as it has; the
            // generous deadline is for a loaded machine, where four JVMs starting at once on two
            // busy cores took more than 60 s before the first wrote a line of its log.
            long victim = workers.get(0).pid();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            Long studyId = null;
            boolean killed = false;
            while (System.nanoTime() < deadline && !killed) {
                Thread.sleep(50);
                if (studyId == null && s.getStudyNames().contains("procs")) {
                    studyId = s.getOrCreateStudy("procs", StudyDirection.MAXIMIZE);
                }
                if (studyId != null) {
                    for (FrozenTrial t : s.getTrials(studyId)) {
                        if (t.state() == TrialState.RUNNING
                                && Long.toString(victim).equals(t.userAttrs().get("pid"))) {
                            workers.get(0).destroyForcibly().waitFor();
                            killed = true;
                        }
                    }
                }
            }
            assertThat(killed)
                    .as(
                            "worker 0 was seen running a trial and killed; its log:%n%s",
                            new LazyLog(logs.resolve("worker0.log")))
                    .isTrue();
            for (int w = 1; w < 4; w++) {
                Process p = workers.get(w);
                Path log = logs.resolve("worker" + w + ".log");
                assertThat(p.waitFor(120, TimeUnit.SECONDS))
                        .as("worker %d finished; its log:%n%s", w, new LazyLog(log))
                        .isTrue();
                assertThat(p.exitValue())
                        .as("worker %d exit code; its log:%n%s", w, new LazyLog(log))
                        .isZero();
            }
            List<FrozenTrial> trials = s.getTrials(studyId);
            Map<TrialState, Long> byState =
                    trials.stream().collect(Collectors.groupingBy(FrozenTrial::state, Collectors.counting()));
            assertThat(byState.get(TrialState.COMPLETE)).isBetween(12L, 15L);
            assertThat(trials).extracting(FrozenTrial::number).doesNotHaveDuplicates();
            assertThat(trials)
                    .extracting(FrozenTrial::number)
                    .containsExactlyElementsOf(
                            IntStream.range(0, trials.size()).boxed().collect(Collectors.toList()));
            // The killed worker's trial is failed by heartbeat timeout, by a survivor or, if they all
            // finished first, by the next worker to join (done here as a worker does before each trial).
            List<FrozenTrial> dead = trials.stream()
                    .filter(t ->
                            Long.toString(victim).equals(t.userAttrs().get("pid")) && t.state() != TrialState.COMPLETE)
                    .collect(Collectors.toList());
            assertThat(dead).hasSize(1);
            if (dead.get(0).state() == TrialState.RUNNING) {
                Thread.sleep(2100);
                assertThat(s.failStaleTrials(studyId, Duration.ofMillis(2000)))
                        .containsExactly(dead.get(0).number());
                trials = s.getTrials(studyId);
            }
            FrozenTrial failed = trials.get(dead.get(0).number());
            assertThat(failed.state()).isEqualTo(TrialState.FAIL);
            assertThat(failed.systemAttrs().get("fail_reason")).contains("no heartbeat");
            FrozenTrial retry = trials.stream()
                    .filter(t -> Integer.toString(failed.number())
                            .equals(t.systemAttrs().get("retried_from")))
                    .findFirst()
                    .orElseThrow();
            assertThat(retry.internalParams()).isEqualTo(failed.internalParams());
            assertThat(retry.state()).isIn(TrialState.WAITING, TrialState.COMPLETE);
        } finally {
            workers.forEach(Process::destroyForcibly);
        }
    }

    /** A worker's log, read only when an assertion message is built. */
    private record LazyLog(Path file) {
        @Override
        public String toString() {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "(cannot read " + file + ": " + e + ")";
            }
        }
    }
}
