package io.brainseg.tune;

import io.brainseg.tune.space.CategoricalDistribution;
import io.brainseg.tune.space.FloatDistribution;
import io.brainseg.tune.space.IntDistribution;
import io.brainseg.tune.space.ParameterSuggester;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of the objective (Optuna's {@code Trial}): suggests parameter values (the sampler
 * draws them on first request and storage keeps them; asking again returns the same value),
 * receives intermediate values and says whether to prune.
 */
public interface Trial extends ParameterSuggester {

    /**
     * Returns the trial's number in its study (0-based, unique).
     *
     * @return the number
     */
    int getNumber();

    /**
     * Returns the parameters suggested so far.
     *
     * @return name to value, in suggestion order
     */
    Map<String, Object> getParams();

    /**
     * Reports an intermediate value (e.g. an epoch's validation Dice) for pruning.
     *
     * @param step the step (epoch), at least 0; a step reported twice keeps the first value
     * @param value the value
     */
    void report(int step, double value);

    /**
     * Asks the pruner whether the trial should stop, given the values reported so far.
     *
     * @return true if the objective should throw {@link TrialPrunedException}
     */
    boolean shouldPrune();

    /**
     * Stores a user attribute.
     *
     * @param key the key
     * @param value the value
     */
    void setUserAttr(String key, String value);

    /**
     * Suggests a float in {@code [low, high]}.
     *
     * @param name the name
     * @param low lower bound
     * @param high upper bound
     * @return the value
     */
    default double suggestFloat(String name, double low, double high) {
        return (Double) suggest(name, FloatDistribution.uniform(low, high));
    }

    /**
     * Suggests a float, log-uniform or on a grid.
     *
     * @param name the name
     * @param low lower bound
     * @param high upper bound
     * @param log true for log-uniform
     * @param step grid step, or 0
     * @return the value
     */
    default double suggestFloat(String name, double low, double high, boolean log, double step) {
        return (Double) suggest(name, new FloatDistribution(low, high, log, step));
    }

    /**
     * Suggests an integer in {@code [low, high]}.
     *
     * @param name the name
     * @param low lower bound
     * @param high upper bound
     * @return the value
     */
    default long suggestInt(String name, long low, long high) {
        return (Long) suggest(name, IntDistribution.of(low, high));
    }

    /**
     * Suggests an integer with a step or log-uniformly.
     *
     * @param name the name
     * @param low lower bound
     * @param high upper bound
     * @param log true for log-uniform (step must be 1)
     * @param step the step
     * @return the value
     */
    default long suggestInt(String name, long low, long high, boolean log, long step) {
        return (Long) suggest(name, new IntDistribution(low, high, log, step));
    }

    /**
     * Suggests one of the choices.
     *
     * @param name the name
     * @param choices strings, numbers or booleans (integral numbers come back as {@code Long})
     * @return the chosen value
     */
    default Object suggestCategorical(String name, List<?> choices) {
        return suggest(name, new CategoricalDistribution(List.copyOf(choices)));
    }
}
