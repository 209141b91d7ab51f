package io.brainseg.transforms;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A pipeline that owns its generator, for standalone use: {@code Transforms.compose()...build()
 * .seeded(42).apply(batch)}. Two instances with the same seed, fed the same batches in the same
 * order, give bit-identical outputs. The generator is a {@link SplittableRandom}, whose sequence
 * is fixed by the JDK specification. Not thread-safe.
 */
public final class SeededPipeline {

    private final BatchTransform pipeline;
    private final long seed;
    private RandomGenerator rng;

    SeededPipeline(BatchTransform pipeline, long seed) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
    }

    /**
     * Transforms {@code batch} in place with the next draws of the owned generator.
     *
     * @param batch the batch
     */
    public void apply(SampleBatch batch) {
        pipeline.apply(batch, rng);
    }

    /** Restarts the generator from the seed. */
    public void reset() {
        rng = new SplittableRandom(seed);
    }

    /**
     * Returns the seed.
     *
     * @return the seed
     */
    public long getSeed() {
        return seed;
    }

    /**
     * Returns the wrapped pipeline.
     *
     * @return the pipeline
     */
    public BatchTransform getPipeline() {
        return pipeline;
    }
}
