package io.brainseg.tune.sampler;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Sampler;
import io.brainseg.tune.StudyView;
import io.brainseg.tune.space.CategoricalDistribution;
import io.brainseg.tune.space.Distribution;
import java.util.Random;

/**
 * Draws every parameter independently and uniformly (log-uniformly for log distributions; every
 * grid value of a stepped one equally often), as Optuna's {@code RandomSampler}.
 */
public final class RandomSampler implements Sampler {

    private final Random rng;

    /**
     * Creates a sampler.
     *
     * @param seed the seed; equal seeds give equal draws
     */
    public RandomSampler(long seed) {
        this(new Random(seed));
    }

    /**
     * Creates a sampler drawing from the given generator (shared with its owner, e.g. TPE's start-up
     * phase).
     *
     * @param rng the generator
     */
    RandomSampler(Random rng) {
        this.rng = rng;
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return sample(rng, distribution);
    }

    static double sample(Random rng, Distribution distribution) {
        if (distribution instanceof CategoricalDistribution c) {
            return rng.nextInt(c.choices().size());
        }
        NumericBounds b = NumericBounds.of(distribution);
        double x = b.low() + rng.nextDouble() * (b.high() - b.low());
        return b.fromSampling(x);
    }
}
