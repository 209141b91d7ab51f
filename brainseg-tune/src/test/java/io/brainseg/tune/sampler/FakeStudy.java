package io.brainseg.tune.sampler;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.StudyView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A study view over a fixed list of trials (hand-built histories for sampler and pruner tests). */
public final class FakeStudy implements StudyView {

    private final StudyDirection direction;
    private final List<FrozenTrial> trials;
    /** System attributes written through {@link #setTrialSystemAttr}, by trial id. */
    public final Map<Long, Map<String, String>> written = new HashMap<>();

    /**
     * Creates the view.
     *
     * @param direction the direction
     * @param trials the trials
     */
    public FakeStudy(StudyDirection direction, List<FrozenTrial> trials) {
        this.direction = direction;
        this.trials = trials;
    }

    @Override
    public StudyDirection getDirection() {
        return direction;
    }

    @Override
    public List<FrozenTrial> getTrials() {
        return trials;
    }

    @Override
    public void setTrialSystemAttr(long trialId, String key, String value) {
        written.computeIfAbsent(trialId, k -> new HashMap<>()).put(key, value);
    }
}
