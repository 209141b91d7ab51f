package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Global-norm gradient clipping against hand-computed norms. */
class GradientClippingTest {

    @Test
    void clippingScalesAllGradientsToTheGlobalNormOnlyWhenAbove() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Global norm of (3, 4) and (12) is 13.
            NDList grads = new NDList(m.create(new float[] {3f, 4f}), m.create(new float[] {12f}));
            TrainingLoop.clipGlobalNorm(grads, 0.5);
            assertThat(grads.get(0).toFloatArray())
                    .containsExactly(
                            new float[] {3f * 0.5f / 13, 4f * 0.5f / 13}, org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(grads.get(1).getFloat(0)).isCloseTo(12f * 0.5f / 13, org.assertj.core.data.Offset.offset(1e-6f));
            NDList small = new NDList(m.create(new float[] {0.1f, 0.2f}));
            TrainingLoop.clipGlobalNorm(small, 0.5);
            assertThat(small.get(0).toFloatArray()).containsExactly(0.1f, 0.2f);
        }
    }
}
