package io.brainseg.core.transform;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.config.Configurable;
import java.util.random.RandomGenerator;

/**
 * A transform over a whole {@link SampleBatch} on its device (MONAI's dictionary transform,
 * batched).
 *
 * <p>Implementations replace the arrays they touch with {@link SampleBatch#set} and create every
 * new array on {@link SampleBatch#getManager()}. Random transforms draw their per-sample
 * parameters from {@code rng} only, so the caller decides reproducibility: the same batch and a
 * generator in the same state give the same result. Deterministic transforms ignore {@code rng}.
 *
 * <p>{@link #getConfig()} (from {@link Configurable}) records the transform's parameters in a run's
 * {@code config.json}; a resume refuses a pipeline whose description differs.
 */
@FunctionalInterface
public interface BatchTransform extends Configurable {

    /**
     * Transforms {@code batch} in place.
     *
     * @param batch the batch to transform
     * @param rng the source of per-sample randomness
     * @throws IllegalArgumentException if an array has the wrong rank or shape (the message names
     *     the key and the shape)
     */
    void apply(SampleBatch batch, RandomGenerator rng);

    /**
     * Tells whether the result depends on {@code rng}. Deterministic transforms at the start of a
     * pipeline can be applied once and cached.
     *
     * @return true if the transform is random
     */
    default boolean isRandom() {
        return false;
    }
}
