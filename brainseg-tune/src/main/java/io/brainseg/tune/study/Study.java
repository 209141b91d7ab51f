package io.brainseg.tune.study;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Objective;
import io.brainseg.tune.Pruner;
import io.brainseg.tune.Sampler;
import io.brainseg.tune.Storage;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.StudyView;
import io.brainseg.tune.TrialPrunedException;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.sampler.TpeSampler;
import io.brainseg.tune.space.Distribution;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named optimisation task kept in a {@link Storage} (Optuna's {@code Study}). Several workers
 * (threads each with their own {@code Study} and storage connection, or processes, or machines)
 * may optimise the same study at once: the storage hands out unique trials.
 *
 * <p>While a trial runs, a daemon thread refreshes its heartbeat every {@code heartbeatInterval};
 * before each new trial the study fails RUNNING trials whose heartbeat is older than
 * {@code heartbeatGrace} (their worker died) and queues a copy of each so its slot is retried.
 */
public final class Study implements StudyView, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Study.class);

    /** The system attribute holding a failed trial's reason (Optuna's {@code fail_reason}). */
    public static final String FAIL_REASON = "fail_reason";

    private final String name;
    private final Storage storage;
    private final long studyId;
    private final StudyDirection direction;
    private final Sampler sampler;
    private final Pruner pruner;
    private final Duration heartbeatInterval;
    private final Duration heartbeatGrace;
    private final int maxTrials;
    private final ScheduledExecutorService heartbeats;

    private Study(Builder b) {
        this.name = b.name;
        this.storage = b.storage;
        this.direction = b.direction;
        this.sampler = b.sampler != null ? b.sampler : TpeSampler.builder().build();
        this.pruner = b.pruner;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatGrace = b.heartbeatGrace;
        this.maxTrials = b.maxTrials;
        this.studyId = storage.getOrCreateStudy(name, direction);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "brainseg-tune-heartbeat-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a study definition.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs up to {@code nTrials} trials in this worker, one after another. Stops early when the
     * timeout passes (the running trial is finished first) or when the study-wide
     * {@linkplain Builder#optMaxTrials maximum} of finished (COMPLETE or PRUNED) trials is reached.
     * Failed trials are recorded with their reason and the loop goes on.
     *
     * @param objective the objective
     * @param nTrials trials this call may run, at least 1
     * @param timeout wall time after which no new trial starts, or null for none
     * @return the number of trials this call ran
     */
    public int optimize(Objective objective, int nTrials, Duration timeout) {
        if (nTrials < 1) {
            throw new IllegalArgumentException("optimize nTrials must be >= 1, got " + nTrials);
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int ran = 0;
        while (ran < nTrials && System.nanoTime() < deadline) {
            storage.failStaleTrials(studyId, heartbeatGrace)
                    .forEach(n -> LOG.warn(
                            "study {}: trial {} had no heartbeat for {}; marked FAIL and queued again",
                            name,
                            n,
                            heartbeatGrace));
            if (maxTrials > 0 && countFinished() >= maxTrials) {
                break;
            }
            runTrial(objective);
            ran++;
        }
        return ran;
    }

    private long countFinished() {
        return getTrials().stream()
                .filter(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED)
                .count();
    }

    private void runTrial(Objective objective) {
        FrozenTrial started = storage.startTrial(studyId);
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(
                () -> beat(started.trialId()),
                heartbeatInterval.toMillis(),
                heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        TrialState state;
        Double value = null;
        String reason = null;
        try {
            StudyTrial trial = new StudyTrial(this, started);
            double v = objective.evaluate(trial);
            if (Double.isNaN(v)) {
                state = TrialState.FAIL;
                reason = "the objective returned NaN";
            } else {
                state = TrialState.COMPLETE;
                value = v;
            }
        } catch (TrialPrunedException e) {
            state = TrialState.PRUNED;
        } catch (Exception e) {
            state = TrialState.FAIL;
            reason = e.getClass().getName() + ": " + e.getMessage();
            LOG.warn("study {}: trial {} failed: {}", name, started.number(), reason, e);
        } finally {
            beat.cancel(false);
        }
        if (reason != null) {
            storage.setTrialSystemAttr(started.trialId(), FAIL_REASON, reason);
        }
        if (!storage.finishTrial(started.trialId(), state, value)) {
            LOG.warn(
                    "study {}: trial {} was no longer RUNNING when it finished as {} (failed as stale?)",
                    name,
                    started.number(),
                    state);
        } else {
            LOG.info(
                    "study {}: trial {} {}{} params {}",
                    name,
                    started.number(),
                    state,
                    value == null ? "" : " value " + value,
                    storage.getTrial(started.trialId()).params());
        }
    }

    private void beat(long trialId) {
        try {
            storage.recordHeartbeat(trialId);
        } catch (RuntimeException e) {
            LOG.warn("study {}: heartbeat of trial id {} failed: {}", name, trialId, e.getMessage());
        }
    }

    /**
     * Queues a trial with fixed parameters; the next worker to start a trial takes it.
     *
     * @param params parameter values (user representation) by name
     * @param distributions their distributions
     */
    public void enqueueTrial(Map<String, Object> params, Map<String, Distribution> distributions) {
        Map<String, Double> internal = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            Distribution d = distributions.get(k);
            if (d == null) {
                throw new IllegalArgumentException("enqueued parameter '" + k + "' has no distribution");
            }
            internal.put(k, d.toInternal(v));
        });
        storage.enqueueTrial(studyId, internal, distributions, Map.of());
    }

    /**
     * Returns the best COMPLETE trial.
     *
     * @return the trial, or empty if none completed
     */
    public Optional<FrozenTrial> getBestTrial() {
        Comparator<FrozenTrial> byValue = Comparator.comparingDouble(FrozenTrial::value);
        List<FrozenTrial> done = getTrials(TrialState.COMPLETE);
        return direction == StudyDirection.MAXIMIZE
                ? done.stream().max(byValue)
                : done.stream().min(byValue);
    }

    /**
     * Returns the study's name.
     *
     * @return the name
     */
    public String getName() {
        return name;
    }

    @Override
    public StudyDirection getDirection() {
        return direction;
    }

    @Override
    public List<FrozenTrial> getTrials() {
        return storage.getTrials(studyId);
    }

    @Override
    public void setTrialSystemAttr(long trialId, String key, String value) {
        storage.setTrialSystemAttr(trialId, key, value);
    }

    Sampler getSampler() {
        return sampler;
    }

    Pruner getPruner() {
        return pruner;
    }

    Storage getStorage() {
        return storage;
    }

    /** Stops the heartbeat thread; the storage is the caller's to close. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
    }

    /** Builds a {@link Study}. */
    public static final class Builder {

        private String name;
        private Storage storage;
        private StudyDirection direction = StudyDirection.MAXIMIZE;
        private Sampler sampler;
        private Pruner pruner = Pruner.NONE;
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration heartbeatGrace = Duration.ofSeconds(60);
        private int maxTrials;

        private Builder() {}

        /**
         * Sets the study name (required); an existing study of that name is loaded.
         *
         * @param name the name
         * @return this builder
         */
        public Builder setStudyName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the storage (required), e.g. {@code JdbcStorage.open(url)}.
         *
         * @param storage the storage
         * @return this builder
         */
        public Builder setStorage(Storage storage) {
            this.storage = storage;
            return this;
        }

        /**
         * Sets the direction (default MAXIMIZE, as the search maximises Dice).
         *
         * @param direction the direction
         * @return this builder
         */
        public Builder optDirection(StudyDirection direction) {
            this.direction = direction;
            return this;
        }

        /**
         * Sets the sampler (default: {@link TpeSampler} with Optuna's defaults, unseeded).
         *
         * @param sampler the sampler
         * @return this builder
         */
        public Builder optSampler(Sampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /**
         * Sets the pruner (default {@link Pruner#NONE}).
         *
         * @param pruner the pruner
         * @return this builder
         */
        public Builder optPruner(Pruner pruner) {
            this.pruner = pruner;
            return this;
        }

        /**
         * Sets the heartbeat: how often a running trial signals life, and how old a signal may get
         * before another worker declares the trial dead (default 10 s and 60 s).
         *
         * @param interval the refresh interval
         * @param grace the timeout, longer than the interval
         * @return this builder
         */
        public Builder optHeartbeat(Duration interval, Duration grace) {
            this.heartbeatInterval = interval;
            this.heartbeatGrace = grace;
            return this;
        }

        /**
         * Stops every worker's {@link #optimize} once the study has this many COMPLETE or PRUNED
         * trials (Optuna's {@code MaxTrialsCallback}); 0 (default) for no study-wide limit.
         *
         * @param maxTrials the limit
         * @return this builder
         */
        public Builder optMaxTrials(int maxTrials) {
            this.maxTrials = maxTrials;
            return this;
        }

        /**
         * Builds the study, creating it in storage if new.
         *
         * @return the study
         * @throws IllegalArgumentException naming a missing or invalid setting
         */
        public Study build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("study name must be set and not blank, got '" + name + "'");
            }
            if (storage == null) {
                throw new IllegalArgumentException("study storage must be set, got null");
            }
            if (direction == null) {
                throw new IllegalArgumentException("study direction must not be null");
            }
            if (pruner == null) {
                throw new IllegalArgumentException("study pruner must not be null (use Pruner.NONE)");
            }
            if (heartbeatInterval == null
                    || heartbeatGrace == null
                    || heartbeatInterval.isZero()
                    || heartbeatInterval.isNegative()
                    || heartbeatGrace.compareTo(heartbeatInterval) <= 0) {
                throw new IllegalArgumentException("heartbeat grace must exceed a positive interval, got interval "
                        + heartbeatInterval + " grace " + heartbeatGrace);
            }
            if (maxTrials < 0) {
                throw new IllegalArgumentException("study maxTrials must be >= 0, got " + maxTrials);
            }
            return new Study(this);
        }
    }
}
