package io.brainseg.tune;

import io.brainseg.tune.space.Distribution;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trial as stored: what samplers and pruners read (Optuna's {@code FrozenTrial}).
 *
 * @param trialId the storage id, unique over all studies
 * @param number the trial's number in its study, 0-based, unique
 * @param state the state
 * @param value the objective value, or null if not COMPLETE
 * @param internalParams the parameters in internal representation, in suggestion order
 * @param distributions each parameter's distribution
 * @param intermediateValues reported values by step
 * @param userAttrs user attributes
 * @param systemAttrs system attributes (fail reason, rung values, retry links)
 * @param start when the trial started running, or null if waiting
 * @param complete when it finished, or null
 */
public record FrozenTrial(
        long trialId,
        int number,
        TrialState state,
        Double value,
        Map<String, Double> internalParams,
        Map<String, Distribution> distributions,
        SortedMap<Integer, Double> intermediateValues,
        Map<String, String> userAttrs,
        Map<String, String> systemAttrs,
        Instant start,
        Instant complete) {

    /**
     * Copies the collections.
     *
     * @param trialId the storage id, unique over all studies
     * @param number the trial's number in its study, 0-based, unique
     * @param state the state
     * @param value the objective value, or null if not COMPLETE
     * @param internalParams the parameters in internal representation, in suggestion order
     * @param distributions each parameter's distribution
     * @param intermediateValues reported values by step
     * @param userAttrs user attributes
     * @param systemAttrs system attributes (fail reason, rung values, retry links)
     * @param start when the trial started running, or null if waiting
     * @param complete when it finished, or null
     */
    public FrozenTrial {
        internalParams = Collections.unmodifiableMap(new LinkedHashMap<>(internalParams));
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
        intermediateValues = Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
        userAttrs = Map.copyOf(userAttrs);
        systemAttrs = Map.copyOf(systemAttrs);
    }

    /**
     * Returns the parameters in the user's representation.
     *
     * @return name to {@code Double}, {@code Long} or choice, in suggestion order
     *
     */
    public Map<String, Object> params() {
        Map<String, Object> out = new LinkedHashMap<>();
        internalParams.forEach((k, v) -> out.put(k, distributions.get(k).toExternal(v)));
        return out;
    }

    /**
     * Returns the last step with a reported value.
     *
     * @return the step, or null if nothing was reported
     */
    public Integer lastStep() {
        return intermediateValues.isEmpty() ? null : intermediateValues.lastKey();
    }
}
