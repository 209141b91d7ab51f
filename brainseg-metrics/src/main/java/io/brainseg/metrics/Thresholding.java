package io.brainseg.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * Turns model logits into the binary {0, 1} float32 prediction that the metrics take.
 *
 * <p>The rule is {@code sigmoid(x) > 0.5}, strictly greater, as MONAI's {@code DiceHelper}
 * sigmoid path and the reference project's "sigmoid > 0.5". MONAI's
 * {@code AsDiscrete(threshold=0.5)} uses {@code >=} instead; the two differ only on pixels whose
 * probability is exactly 0.5 (in float32, logits within about ±3e-8 of 0), which count as
 * background here and as foreground there.
 */
public final class Thresholding {

    private Thresholding() {}

    /**
     * Returns {@code sigmoid(logits) > 0.5} as float32 {0, 1}, on the logits' manager and device.
     *
     * @param logits logits of any shape
     * @return the binary prediction, same shape
     */
    public static NDArray sigmoidThreshold(NDArray logits) {
        try (NDArray p = Activation.sigmoid(logits)) {
            return threshold(p, 0.5);
        }
    }

    /**
     * Returns {@code probabilities > threshold} as float32 {0, 1}.
     *
     * @param probabilities values to threshold, any shape
     * @param threshold the strict lower bound of the foreground
     * @return the binary prediction, same shape
     */
    public static NDArray threshold(NDArray probabilities, double threshold) {
        try (NDArray mask = probabilities.gt((float) threshold)) {
            return mask.toType(DataType.FLOAT32, false);
        }
    }
}
