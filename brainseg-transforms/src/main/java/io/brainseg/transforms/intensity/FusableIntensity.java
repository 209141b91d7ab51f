package io.brainseg.transforms.intensity;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import java.util.random.RandomGenerator;

/**
 * A per-sample intensity transform that {@link io.brainseg.transforms.Compose} can plan together
 * with its neighbours and apply in one pass on the CPU ({@link IntensityPlan}): RandScaleIntensity,
 * RandShiftIntensity and RandGaussianNoise.
 */
public interface FusableIntensity extends BatchTransform {

    /**
     * Adds this transform to {@code plan}, drawing from {@code rng} exactly what {@link #apply}
     * would draw.
     *
     * @param plan the plan so far
     * @param rng the generator
     * @return false, without drawing anything, if this transform cannot join the plan
     */
    boolean plan(IntensityPlan plan, RandomGenerator rng);

    /**
     * Tells whether this transform would use the CPU kernel on {@code batch}.
     *
     * @param batch the batch
     * @return true for a CPU batch with the CPU backend
     */
    boolean fusesOn(SampleBatch batch);
}
