package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * Guards the engine configuration the trainer depends on. On CPUs with AVX-512, libtorch 2.7.1's
 * oneDNN convolution backward returned NaN weight gradients with its AVX-512 kernels and input
 * gradients that keep only the kernel's first tap with its AVX2 kernels; {@code
 * ONEDNN_MAX_CPU_ISA=AVX} (set by Surefire and bin/brainseg) is exact. If one of these tests fails,
 * training on this machine diverges or learns with wrong gradients.
 */
class ConvBackwardSanityTest {

    @Test
    void conv2dInputGradientIsTheKernelPlacedAtTheSelectedOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(1f, 19f).reshape(2, 1, 3, 3);
            NDArray w = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}).reshape(2, 1, 2, 2);
            // dL/dy selects output (n=0, o=0, 0, 0) and (n=1, o=1, 0, 0), so dL/dx[n] is kernel o at the corner.
            NDArray g = m.zeros(new Shape(2, 2, 2, 2));
            g.set(new ai.djl.ndarray.index.NDIndex("0, 0, 0, 0"), 1f);
            g.set(new ai.djl.ndarray.index.NDIndex("1, 1, 0, 0"), 1f);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                        .singletonOrThrow();
                gc.backward(y.mul(g).sum());
            }
            assertThat(x.getGradient().toFloatArray())
                    .as("conv2d input gradient (ONEDNN_MAX_CPU_ISA=%s)", System.getenv("ONEDNN_MAX_CPU_ISA"))
                    .containsExactly(1, 2, 0, 3, 4, 0, 0, 0, 0, 5, 6, 0, 7, 8, 0, 0, 0, 0);
        }
    }

    @Test
    void twoConvLayersGiveFiniteRepeatableGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            NDArray w1 = m.randomNormal(new Shape(8, 3, 3, 3));
            NDArray w2 = m.randomNormal(new Shape(8, 8, 3, 3));
            NDArray x = m.randomUniform(0, 1, new Shape(8, 3, 32, 32));
            w1.setRequiresGradient(true);
            w2.setRequiresGradient(true);
            float first = Float.NaN;
            for (int step = 0; step < 5; step++) {
                try (NDManager s = m.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Conv2d.conv2d(x, w1, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                                .singletonOrThrow();
                        y.attach(s);
                        NDArray z = Conv2d.conv2d(Activation.relu(y), w2, null, new Shape(1, 1), new Shape(1, 1),
                                new Shape(1, 1), 1).singletonOrThrow();
                        gc.backward(z.sum());
                    }
                    NDArray g1 = w1.getGradient();
                    NDArray g2 = w2.getGradient();
                    g1.attach(s);
                    g2.attach(s);
                    float sum = g1.abs().sum().getFloat();
                    assertThat(sum).as("|grad| of the first conv at step %d (ONEDNN_MAX_CPU_ISA=%s)", step,
                            System.getenv("ONEDNN_MAX_CPU_ISA")).isFinite();
                    if (step == 0) {
                        first = sum;
                    }
                    assertThat(sum).isEqualTo(first);
                    g1.muli(0);
                    g2.muli(0);
                }
            }
        }
    }
}
