package io.brainseg.tune.space;

/**
 * Something that hands out a value for a named parameter of a distribution: a trial. It lives here
 * so that {@link SearchSpace} does not depend on the study package.
 */
@FunctionalInterface
public interface ParameterSuggester {

    /**
     * Returns the value of a parameter, drawing it on first request.
     *
     * @param name the parameter name
     * @param distribution its values
     * @return a {@code Double}, {@code Long} or categorical choice
     */
    Object suggest(String name, Distribution distribution);
}
