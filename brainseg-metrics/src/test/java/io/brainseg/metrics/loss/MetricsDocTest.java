package io.brainseg.metrics.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The loss example of docs/metrics.md, run against a float64 plain-loop DiceFocal. */
class MetricsDocTest {

    @Test
    void diceFocalInBothArgumentOrdersEqualsThePlainLoopDefinition() {
        float[] x = {2.0f, -1.5f, 0.3f, -3.0f, 4.0f, 0.0f, -0.7f, 1.1f};
        float[] y = {1, 0, 1, 0, 1, 0, 0, 1};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(x, new Shape(2, 1, 2, 2));
            NDArray mask = manager.create(y, new Shape(2, 1, 2, 2));
            // spotless:off
            // docs/metrics.md: loss
            DiceFocalLoss loss = DiceFocalLoss.builder()      // MONAI DiceFocalLoss(sigmoid=True) defaults
                    .optLambdaDice(1.0).optLambdaFocal(1.0)    // + squaredPred, jaccard, smoothNr/Dr, batch,
                    .optGamma(2.0)                             //   includeBackground, alpha, reduction
                    .build();
            NDArray l = loss.evaluate(new NDList(mask), new NDList(logits));   // DJL order: LABELS FIRST
            NDArray same = loss.loss(logits, mask);                           // MONAI order: input, target
            // end
            // spotless:on
            double expected = reference(x, y);
            assertThat((double) l.getFloat()).isCloseTo(expected, within(1e-5));
            assertThat((double) same.getFloat()).isCloseTo(expected, within(1e-5));
        }
    }

    /** MONAI's DiceFocal(sigmoid) with defaults: mean per-sample Dice loss + mean focal term (γ 2, no α). */
    private static double reference(float[] x, float[] y) {
        double dice = 0;
        double focal = 0;
        for (int n = 0; n < 2; n++) {
            double inter = 0;
            double g = 0;
            double p = 0;
            for (int i = n * 4; i < n * 4 + 4; i++) {
                double s = 1 / (1 + Math.exp(-x[i]));
                inter += s * y[i];
                g += y[i];
                p += s;
                double bce = -(y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s));
                double pt = y[i] == 1 ? s : 1 - s;
                focal += Math.pow(1 - pt, 2) * bce;
            }
            dice += 1 - (2 * inter + 1e-5) / (g + p + 1e-5);
        }
        return dice / 2 + focal / 8;
    }
}
