package io.brainseg.tune.storage;

import io.brainseg.tune.sampler.TpeSampler;
import io.brainseg.tune.study.Study;
import java.time.Duration;

/**
 * A worker process for {@link ConcurrencyTest}: joins a study and optimises a toy objective that
 * sleeps, so the test can kill it mid-trial. Arguments: JDBC URL, study name, trials, sleep (ms),
 * study-wide maximum of finished trials, seed.
 */
public final class WorkerMain {

    private WorkerMain() {}

    /**
     * Runs the worker.
     *
     * @param args URL, study, trials, sleep ms, max trials, seed
     * @throws Exception on failure (exit code 1)
     */
    public static void main(String[] args) throws Exception {
        long sleep = Long.parseLong(args[3]);
        try (JdbcStorage storage = JdbcStorage.open(args[0]);
                Study study = Study.builder()
                        .setStudyName(args[1])
                        .setStorage(storage)
                        .optSampler(TpeSampler.builder()
                                .optSeed(Long.parseLong(args[5]))
                                .build())
                        .optHeartbeat(Duration.ofMillis(200), Duration.ofMillis(2000))
                        .optMaxTrials(Integer.parseInt(args[4]))
                        .build()) {
            study.optimize(
                    trial -> {
                        double x = trial.suggestFloat("x", -3, 3);
                        trial.setUserAttr(
                                "pid", Long.toString(ProcessHandle.current().pid()));
                        Thread.sleep(sleep);
                        return -x * x;
                    },
                    Integer.parseInt(args[2]),
                    null);
        }
    }
}
