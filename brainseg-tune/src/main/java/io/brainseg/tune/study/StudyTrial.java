package io.brainseg.tune.study;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Trial;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.space.CategoricalDistribution;
import io.brainseg.tune.space.Distribution;
import io.brainseg.tune.space.FloatDistribution;
import io.brainseg.tune.space.IntDistribution;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The {@link Trial} a {@link Study} hands to the objective. Not thread-safe. */
final class StudyTrial implements Trial {

    private final Study study;
    private final FrozenTrial started;
    private final Map<String, Double> params = new LinkedHashMap<>();
    private final Map<String, Distribution> distributions = new LinkedHashMap<>();
    private final Map<String, Distribution> relativeSpace;
    private final Map<String, Double> relativeValues;

    StudyTrial(Study study, FrozenTrial started) {
        this.study = study;
        this.started = started;
        params.putAll(started.internalParams());
        distributions.putAll(started.distributions());
        this.relativeSpace = study.getSampler().inferRelativeSearchSpace(study, started);
        this.relativeValues =
                relativeSpace.isEmpty() ? Map.of() : study.getSampler().sampleRelative(study, started, relativeSpace);
    }

    long trialId() {
        return started.trialId();
    }

    FrozenTrial snapshot() {
        return new FrozenTrial(
                started.trialId(),
                started.number(),
                TrialState.RUNNING,
                null,
                params,
                distributions,
                new TreeMap<>(),
                started.userAttrs(),
                started.systemAttrs(),
                started.start(),
                null);
    }

    @Override
    public int getNumber() {
        return started.number();
    }

    @Override
    public Map<String, Object> getParams() {
        return snapshot().params();
    }

    @Override
    public Object suggest(String name, Distribution distribution) {
        Double fixed = params.get(name);
        if (fixed != null) {
            Distribution known = distributions.get(name);
            if (known.equals(distribution)) {
                return distribution.toExternal(fixed);
            }
            // An enqueued value from another definition: keep it if it fits the new distribution.
            Object ext = known.toExternal(fixed);
            double internal = distribution.toInternal(ext);
            if (!distribution.contains(internal)) {
                throw new IllegalArgumentException(
                        "parameter '" + name + "' was already set to " + ext + " which is not in " + distribution);
            }
            record(name, internal, distribution);
            return distribution.toExternal(internal);
        }
        double internal;
        Double rel = relativeValues.get(name);
        if (rel != null && distribution.equals(relativeSpace.get(name))) {
            internal = rel;
        } else if (distribution.isSingle()) {
            internal = distribution instanceof CategoricalDistribution ? 0 : singleValue(distribution);
        } else {
            internal = study.getSampler().sampleIndependent(study, snapshot(), name, distribution);
        }
        record(name, internal, distribution);
        return distribution.toExternal(internal);
    }

    private static double singleValue(Distribution d) {
        if (d instanceof FloatDistribution f) {
            return f.low();
        }
        return ((IntDistribution) d).low();
    }

    private void record(String name, double internal, Distribution distribution) {
        study.getStorage().setParam(started.trialId(), name, internal, distribution);
        params.put(name, internal);
        distributions.put(name, distribution);
    }

    @Override
    public void report(int step, double value) {
        if (step < 0) {
            throw new IllegalArgumentException("report step must be >= 0, got " + step);
        }
        study.getStorage().reportIntermediate(started.trialId(), step, value);
    }

    @Override
    public boolean shouldPrune() {
        return study.getPruner().prune(study, study.getStorage().getTrial(started.trialId()));
    }

    @Override
    public void setUserAttr(String key, String value) {
        study.getStorage().setTrialUserAttr(started.trialId(), key, value);
    }
}
