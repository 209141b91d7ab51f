package io.brainseg.transforms.spatial;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import java.util.random.RandomGenerator;

/**
 * A spatial transform that {@link io.brainseg.transforms.Compose} can plan together with its
 * neighbours and resample once on the CPU ({@link SpatialPlan}). Implemented by the flips, the
 * keep-size rotations and the crops.
 */
public interface FusableSpatial extends BatchTransform {

    /**
     * Adds this transform to {@code plan}, drawing from {@code rng} exactly what {@link #apply}
     * would draw, and failing on bad shapes exactly as {@code apply} would.
     *
     * @param batch the batch (for checks only; not modified)
     * @param plan the plan so far
     * @param rng the generator
     * @return false, without drawing anything, if this transform cannot join the plan (then the
     *     plan is executed first and this transform starts anew)
     */
    boolean plan(SampleBatch batch, SpatialPlan plan, RandomGenerator rng);

    /**
     * Tells whether this transform would use the CPU kernels on {@code batch} (fusion happens only
     * then).
     *
     * @param batch the batch
     * @return true if its backend resolves to the CPU kernel for the batch's device
     */
    boolean fusesOn(SampleBatch batch);
}
