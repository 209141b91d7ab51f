package io.brainseg.tune;

import java.util.List;

/** What samplers and pruners may read from (and note on) a study. */
public interface StudyView {

    /**
     * Returns the optimisation direction.
     *
     * @return the direction
     */
    StudyDirection getDirection();

    /**
     * Returns all trials of the study, ordered by number.
     *
     * @return the trials
     */
    List<FrozenTrial> getTrials();

    /**
     * Returns the trials in the given states, ordered by number.
     *
     * @param states the states wanted
     * @return the trials
     */
    default List<FrozenTrial> getTrials(TrialState... states) {
        List<TrialState> wanted = List.of(states);
        return getTrials().stream().filter(t -> wanted.contains(t.state())).toList();
    }

    /**
     * Stores a system attribute of a trial (pruners use it to remember rung values).
     *
     * @param trialId the trial
     * @param key the key
     * @param value the value
     */
    void setTrialSystemAttr(long trialId, String key, String value);
}
