package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import java.util.List;
import java.util.SplittableRandom;

/** The check every fusion test makes: fused and one-by-one application agree exactly. */
public final class FusionAssert {

    private FusionAssert() {}

    /**
     * Applies {@code steps} fused and unfused to the same loader-like batch (8 samples, UINT8
     * image 3×48×56 and mask) for seeds 1..3 and asserts equal values, equal dtypes and no array
     * left behind but the batch's two.
     *
     * @param manager the test's manager
     * @param steps the pipeline
     */
    public static void assertFusedEqualsSequential(NDManager manager, List<BatchTransform> steps) {
        for (long seed = 1; seed <= 3; seed++) {
            float[][] fused = run(manager, steps, true, seed);
            float[][] sequential = run(manager, steps, false, seed);
            assertThat(fused[0]).as("image, seed %d", seed).containsExactly(sequential[0]);
            assertThat(fused[1]).as("mask, seed %d", seed).containsExactly(sequential[1]);
            assertThat(fused[2]).as("dtypes").containsExactly(sequential[2]);
        }
    }

    private static float[][] run(NDManager manager, List<BatchTransform> steps, boolean fuse, long seed) {
        Compose c = Transforms.compose()
                .optFuse(fuse)
                .addAll(steps.toArray(new BatchTransform[0]))
                .build();
        try (SampleBatch batch = BatchFixtures.loaderLike(manager, 8, 48, 56, 5)) {
            c.apply(batch, new SplittableRandom(seed));
            assertThat(batch.getManager().getManagedArrays())
                    .as("arrays left in the batch")
                    .hasSize(2);
            return new float[][] {
                batch.get("image").toType(DataType.FLOAT32, false).toFloatArray(),
                batch.get("mask").toType(DataType.FLOAT32, false).toFloatArray(),
                {
                    batch.get("image").getDataType().ordinal(),
                    batch.get("mask").getDataType().ordinal()
                }
            };
        }
    }
}
