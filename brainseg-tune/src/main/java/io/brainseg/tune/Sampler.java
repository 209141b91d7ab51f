package io.brainseg.tune;

import io.brainseg.tune.space.Distribution;
import java.util.Map;

/**
 * Proposes parameter values from the trials so far (Optuna's {@code BaseSampler}). A sampler may
 * draw several parameters jointly ("relative" sampling over a search space it infers from the
 * study) and draws the rest one at a time ("independent" sampling). All values are in internal
 * representation. A sampler's randomness comes from a seed given to it; it is not thread-safe (one
 * sampler per study object and worker).
 */
public interface Sampler {

    /**
     * Returns the parameters to sample jointly for a new trial.
     *
     * @param study the study
     * @param trial the new trial
     * @return the joint search space; empty (the default) for independent sampling only
     */
    default Map<String, Distribution> inferRelativeSearchSpace(StudyView study, FrozenTrial trial) {
        return Map.of();
    }

    /**
     * Samples the joint search space.
     *
     * @param study the study
     * @param trial the new trial
     * @param searchSpace what {@link #inferRelativeSearchSpace} returned
     * @return internal values by name; may omit names (they are then sampled independently)
     */
    default Map<String, Double> sampleRelative(
            StudyView study, FrozenTrial trial, Map<String, Distribution> searchSpace) {
        return Map.of();
    }

    /**
     * Samples one parameter on its own.
     *
     * @param study the study
     * @param trial the trial asking
     * @param name the parameter
     * @param distribution its distribution
     * @return the internal value, inside the distribution
     */
    double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution);
}
