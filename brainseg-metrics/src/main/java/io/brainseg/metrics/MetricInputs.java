package io.brainseg.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Validates a metric's inputs and reduces them on the device to per-(sample, channel) overlap
 * counts, which are the only thing copied to the host (one read per batch).
 *
 * <p>Foreground of the prediction follows MONAI's {@code DiceHelper}: a single-channel prediction
 * counts where it equals 1 (a soft 0.7 counts as 0), a multi-channel one where it is non-zero
 * ({@code .bool()}, 0.7 counts as 1). Threshold first ({@link Thresholding}).
 */
public final class MetricInputs {

    private MetricInputs() {}

    /**
     * Per-(sample, channel) counts of one batch.
     *
     * @param batch number of samples {@code N}
     * @param channels number of channels {@code C}
     * @param pixels pixels per channel image {@code H·W}
     * @param intersection {@code |ŷ ∧ y|}, row-major {@code N×C}
     * @param predicted {@code |ŷ|}, row-major {@code N×C}
     * @param target {@code |y|}, row-major {@code N×C}
     */
    public record Counts(
            int batch, int channels, long pixels, double[] intersection, double[] predicted, double[] target) {}

    /**
     * Checks shapes and values and returns the overlap counts.
     *
     * @param prediction {@code N×C×H×W} prediction, no NaN
     * @param target {@code N×C×H×W} ground truth with values in {0, 1}
     * @return the counts
     * @throws IllegalArgumentException on a shape mismatch (naming both shapes), on NaN predictions
     *     or a non-binary target (naming the count of bad values)
     */
    public static Counts counts(NDArray prediction, NDArray target) {
        checkShapes(prediction, target);
        Shape s = prediction.getShape();
        int n = Math.toIntExact(s.get(0));
        int c = Math.toIntExact(s.get(1));
        long pixels = s.size() / Math.max(1, (long) n * c);
        float[] host;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray p = prediction.toType(DataType.FLOAT32, false);
            NDArray t = target.toType(DataType.FLOAT32, false);
            // NaN propagates through the plain sum, so one pass detects it; counted only on failure
            NDArray nan = p.sum().reshape(1);
            NDArray badTarget = t.neq(0)
                    .logicalAnd(t.neq(1))
                    .sum()
                    .toType(DataType.FLOAT32, false)
                    .reshape(1);
            NDArray fg = (c == 1 ? p.eq(1) : p.neq(0))
                    .toType(DataType.FLOAT32, false)
                    .reshape(n, c, -1);
            NDArray t3 = t.reshape(n, c, -1);
            NDArray inter = fg.mul(t3).sum(new int[] {2}).reshape(-1);
            NDArray pred = fg.sum(new int[] {2}).reshape(-1);
            NDArray tgt = t3.sum(new int[] {2}).reshape(-1);
            host = NDArrays.concat(new NDList(nan, badTarget, inter, pred, tgt)).toFloatArray();
        }
        if (Float.isNaN(host[0])) {
            long count;
            try (NDArray isNaN = prediction.isNaN();
                    NDArray sum = isNaN.sum();
                    NDArray asLong = sum.toType(DataType.INT64, false)) {
                count = asLong.getLong();
            }
            throw new IllegalArgumentException("prediction of shape " + s + " holds " + count + " NaN values"
                    + (count == 0 ? " but +inf and -inf values that sum to NaN" : ""));
        }
        if (host[1] > 0) {
            throw new IllegalArgumentException(
                    "target of shape " + s + " must be binary {0, 1} but holds " + (long) host[1] + " other values");
        }
        int m = n * c;
        double[] i = new double[m];
        double[] p = new double[m];
        double[] g = new double[m];
        for (int k = 0; k < m; k++) {
            i[k] = host[2 + k];
            p[k] = host[2 + m + k];
            g[k] = host[2 + 2 * m + k];
        }
        return new Counts(n, c, pixels, i, p, g);
    }

    /**
     * Checks that both arrays are {@code N×C×H×W} of one shape.
     *
     * @param prediction the prediction
     * @param target the ground truth
     * @throws IllegalArgumentException naming both shapes
     */
    public static void checkShapes(NDArray prediction, NDArray target) {
        Shape a = prediction.getShape();
        Shape b = target.getShape();
        if (!a.equals(b)) {
            throw new IllegalArgumentException("prediction shape " + a + " differs from target shape " + b);
        }
        if (a.dimension() != 4) {
            throw new IllegalArgumentException("metric inputs must be N×C×H×W, got shape " + a);
        }
    }
}
