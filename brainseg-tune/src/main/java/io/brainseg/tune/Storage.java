package io.brainseg.tune;

import io.brainseg.tune.space.Distribution;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where studies live (Optuna's {@code BaseStorage}). Implementations must be safe for several
 * processes sharing one database: trial numbers come out unique and every change is one
 * transaction. One storage object (one connection) per worker thread.
 */
public interface Storage extends AutoCloseable {

    /**
     * Returns the id of the named study, creating it if missing.
     *
     * @param name the study name
     * @param direction the direction (must match an existing study's)
     * @return the study id
     * @throws IllegalArgumentException if the study exists with another direction
     */
    long getOrCreateStudy(String name, StudyDirection direction);

    /**
     * Lists the studies.
     *
     * @return the names
     */
    List<String> getStudyNames();

    /**
     * Starts a trial: takes the oldest WAITING trial of the study if there is one, otherwise creates
     * a new one with the next number; the trial is RUNNING with a fresh heartbeat.
     *
     * @param studyId the study
     * @return the trial
     */
    FrozenTrial startTrial(long studyId);

    /**
     * Queues a trial with fixed parameters (state WAITING).
     *
     * @param studyId the study
     * @param params internal values by name
     * @param distributions their distributions
     * @param systemAttrs system attributes to set
     */
    void enqueueTrial(
            long studyId,
            Map<String, Double> params,
            Map<String, Distribution> distributions,
            Map<String, String> systemAttrs);

    /**
     * Stores a parameter value of a running trial.
     *
     * @param trialId the trial
     * @param name the name
     * @param internal the internal value
     * @param distribution its distribution
     */
    void setParam(long trialId, String name, double internal, Distribution distribution);

    /**
     * Stores an intermediate value (a step already reported is kept).
     *
     * @param trialId the trial
     * @param step the step
     * @param value the value (NaN and infinities allowed)
     */
    void reportIntermediate(long trialId, int step, double value);

    /**
     * Stores a user attribute.
     *
     * @param trialId the trial
     * @param key the key
     * @param value the value
     */
    void setTrialUserAttr(long trialId, String key, String value);

    /**
     * Stores a system attribute.
     *
     * @param trialId the trial
     * @param key the key
     * @param value the value
     */
    void setTrialSystemAttr(long trialId, String key, String value);

    /**
     * Finishes a RUNNING trial.
     *
     * @param trialId the trial
     * @param state COMPLETE, PRUNED or FAIL
     * @param value the value for COMPLETE (else may be null)
     * @return false if the trial was no longer RUNNING (e.g. failed by another worker as stale)
     */
    boolean finishTrial(long trialId, TrialState state, Double value);

    /**
     * Refreshes a running trial's heartbeat (database time).
     *
     * @param trialId the trial
     */
    void recordHeartbeat(long trialId);

    /**
     * Fails every RUNNING trial of the study whose heartbeat is older than {@code grace} (its worker
     * died), records the reason, and queues a WAITING copy with the same parameters so its slot is
     * retried.
     *
     * @param studyId the study
     * @param grace how old a heartbeat may be
     * @return the numbers of the trials failed
     */
    List<Integer> failStaleTrials(long studyId, Duration grace);

    /**
     * Reads all trials of a study.
     *
     * @param studyId the study
     * @return the trials ordered by number
     */
    List<FrozenTrial> getTrials(long studyId);

    /**
     * Reads one trial.
     *
     * @param trialId the trial
     * @return the trial
     */
    FrozenTrial getTrial(long trialId);

    @Override
    void close();
}
