package io.brainseg.metrics.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import io.brainseg.core.testing.GcChurn;
import java.lang.ref.Reference;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A garbage collection between forward and backward must not change a loss's gradient: the graph
 * may not hold operands whose memory the JVM frees (see {@code io.brainseg.core.engine.Scalars}).
 */
class LossGraphSafetyTest {

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("DiceFocal default", (Supplier<Loss>)
                        () -> DiceFocalLoss.builder().build()),
                Arguments.of("DiceFocal weighted, alpha 0.25, gamma 1.5", (Supplier<Loss>) () -> DiceFocalLoss.builder()
                        .optLambdaDice(0.7)
                        .optLambdaFocal(1.3)
                        .optAlpha(0.25)
                        .optGamma(1.5)
                        .build()),
                Arguments.of("Dice jaccard", (Supplier<Loss>)
                        () -> DiceLoss.builder().optJaccard(true).build()),
                Arguments.of("Focal sum reduction", (Supplier<Loss>) () ->
                        FocalLoss.builder().optReduction(LossReduction.SUM).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void gradientIsTheSameWhenTheCollectorRunsBetweenForwardAndBackward(String name, Supplier<Loss> loss) {
        float[] quiet = gradient(loss.get(), false);
        float[] churned = gradient(loss.get(), true);
        assertThat(churned).as(name).containsExactly(quiet);
    }

    private static float[] gradient(Loss loss, boolean churn) {
        Random r = new Random(7);
        float[] logits = new float[2 * 1 * 8 * 8];
        float[] mask = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian() * 3;
            mask[i] = r.nextFloat() < 0.3f ? 1 : 0;
        }
        Shape shape = new Shape(2, 1, 8, 8);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(logits, shape);
            NDArray y = m.create(mask, shape);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.evaluate(new NDList(y), new NDList(x));
                Object keep = churn ? GcChurn.freeAndReuseDirectMemory() : null;
                gc.backward(value);
                Reference.reachabilityFence(keep);
            }
            return x.getGradient().toFloatArray();
        }
    }
}
