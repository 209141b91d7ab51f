package io.brainseg.core.testing;

import io.brainseg.core.engine.EngineProbe;
import java.util.Random;

/**
 * A 2-D convolution (square kernel, stride, symmetric zero padding, one group) in plain double
 * loops: forward values, input gradient and weight gradient, the engine-independent reference for
 * convolution tests. Arrays are row-major {@code N×C×H×W} (input), {@code F×C×k×k} (weight),
 * {@code N×F×H'×W'} (output), {@code H' = ⌊(H + 2p − k)/s⌋ + 1}.
 *
 * @param n batch
 * @param c input channels
 * @param h input height
 * @param w input width
 * @param f filters
 * @param k kernel size
 * @param s stride
 * @param p padding
 */
public record ConvReference(int n, int c, int h, int w, int f, int k, int s, int p) {

    /** @return H' */
    public int outH() {
        return (h + 2 * p - k) / s + 1;
    }

    /** @return W' */
    public int outW() {
        return (w + 2 * p - k) / s + 1;
    }

    /** @return the number of input values */
    public int inputSize() {
        return n * c * h * w;
    }

    /** @return the number of weight values */
    public int weightSize() {
        return f * c * k * k;
    }

    /** @return the number of output values */
    public int outputSize() {
        return n * f * outH() * outW();
    }

    /**
     * Forward values.
     *
     * @param x input
     * @param wt weight
     * @param bias bias of length f, or null
     * @return output
     */
    public double[] forward(float[] x, float[] wt, float[] bias) {
        double[] y = new double[outputSize()];
        if (bias != null) {
            int plane = outH() * outW();
            for (int yi = 0; yi < y.length; yi++) {
                y[yi] = bias[yi / plane % f];
            }
        }
        // each output sums its taps in the order ci, u, v, as the loop of a direct convolution does
        forEachTap((yi, xi, wi) -> y[yi] += (double) x[xi] * wt[wi]);
        return y;
    }

    /**
     * The gradient of {@code Σ g·y} with respect to the input.
     *
     * @param g output gradient
     * @param wt weight
     * @return input gradient
     */
    public double[] inputGradient(float[] g, float[] wt) {
        double[] dx = new double[inputSize()];
        accumulate(g, wt, null, dx, null);
        return dx;
    }

    /**
     * The gradient of {@code Σ g·y} with respect to the weight.
     *
     * @param g output gradient
     * @param x input
     * @return weight gradient
     */
    public double[] weightGradient(float[] g, float[] x) {
        double[] dw = new double[weightSize()];
        accumulate(g, null, x, null, dw);
        return dw;
    }

    private void accumulate(float[] g, float[] wt, float[] x, double[] dx, double[] dw) {
        if (dx != null) {
            forEachTap((yi, xi, wi) -> dx[xi] += (double) g[yi] * wt[wi]);
        } else {
            forEachTap((yi, xi, wi) -> dw[wi] += (double) g[yi] * x[xi]);
        }
    }

    /** One product of a convolution: output index, input index and weight index. */
    @FunctionalInterface
    private interface Tap {
        void accept(int yi, int xi, int wi);
    }

    /**
     * Visits every (output, input, weight) triple whose product enters the convolution, skipping
     * the taps that fall in the zero padding; forward values and both gradients are sums over
     * these triples, so all three share this one loop.
     */
    private void forEachTap(Tap tap) {
        int oh = outH();
        int ow = outW();
        for (int a = 0; a < n; a++) {
            for (int o = 0; o < f; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int yi = ((a * f + o) * oh + i) * ow + j;
                        for (int ci = 0; ci < c; ci++) {
                            for (int u = 0; u < k; u++) {
                                int ii = i * s + u - p;
                                if (ii < 0 || ii >= h) {
                                    continue;
                                }
                                for (int v = 0; v < k; v++) {
                                    int jj = j * s + v - p;
                                    if (jj >= 0 && jj < w) {
                                        tap.accept(
                                                yi, ((a * c + ci) * h + ii) * w + jj, ((o * c + ci) * k + u) * k + v);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Uniform values in [−1, 1) from a seeded generator.
     *
     * @param random the generator
     * @param length how many
     * @return the values
     */
    public static float[] uniform(Random random, int length) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return a;
    }

    /**
     * {@code max|got − ref| / max|ref|}, or NaN when {@code got} holds a NaN: the engine probe's
     * own measure ({@link EngineProbe#relativeError}), so tests and the probe judge alike.
     *
     * @param got engine values
     * @param ref reference values
     * @return the relative error
     */
    public static double relativeError(float[] got, double[] ref) {
        return EngineProbe.relativeError(got, ref);
    }
}
