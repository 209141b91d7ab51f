/**
 * Search spaces: the distributions a trial's parameters are drawn from (Optuna's
 * {@code FloatDistribution}, {@code IntDistribution}, {@code CategoricalDistribution}) and
 * {@link io.brainseg.tune.space.SearchSpace}, an ordered set of parameters, some of which exist only
 * when another parameter has a given value (conditional parameters).
 *
 * <p>Every distribution maps its values to an <em>internal representation</em>, a {@code double}
 * (the value itself for numbers, the choice index for categoricals), which is what samplers work on
 * and what storage keeps, as in Optuna.
 */
package io.brainseg.tune.space;
