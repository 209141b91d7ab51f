package io.brainseg.core.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;

/**
 * Runs one convolution through the engine (forward and backward, random float32 data from a
 * seed) and returns its relative errors against {@link ConvReference}.
 */
public final class ConvCheck {

    /** A convolution on engine arrays: input, weight, bias (may be null) → output. */
    @FunctionalInterface
    public interface Conv {
        /**
         * @param x input
         * @param w weight
         * @param b bias or null
         * @return output
         */
        NDArray apply(NDArray x, NDArray w, NDArray b);
    }

    /**
     * Relative errors of one run.
     *
     * @param forward forward values
     * @param input input gradient
     * @param weight weight gradient
     * @param bias bias gradient
     */
    public record Errors(double forward, double input, double weight, double bias) {
        /** @return the largest of the four (NaN if any is NaN) */
        public double max() {
            if (Double.isNaN(forward) || Double.isNaN(input) || Double.isNaN(weight) || Double.isNaN(bias)) {
                return Double.NaN;
            }
            return Math.max(Math.max(forward, input), Math.max(weight, bias));
        }
    }

    private ConvCheck() {}

    /**
     * Runs the convolution and compares.
     *
     * @param g the geometry
     * @param seed the data seed
     * @param conv the convolution under test
     * @return the errors
     */
    public static Errors run(ConvReference g, long seed, Conv conv) {
        Random random = new Random(seed);
        float[] x = ConvReference.uniform(random, g.inputSize());
        float[] w = ConvReference.uniform(random, g.weightSize());
        float[] b = ConvReference.uniform(random, g.f());
        float[] dy = ConvReference.uniform(random, g.outputSize());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xa = owned(m, x, new Shape(g.n(), g.c(), g.h(), g.w()));
            NDArray wa = owned(m, w, new Shape(g.f(), g.c(), g.k(), g.k()));
            NDArray ba = owned(m, b, new Shape(g.f()));
            NDArray ga = owned(m, dy, new Shape(g.n(), g.f(), g.outH(), g.outW()));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            ba.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = conv.apply(xa, wa, ba);
                y = out.toFloatArray();
                gc.backward(out.mul(ga).sum());
            }
            double[] biasGrad = new double[g.f()];
            int plane = g.outH() * g.outW();
            for (int i = 0; i < dy.length; i++) {
                biasGrad[(i / plane) % g.f()] += dy[i];
            }
            return new Errors(
                    ConvReference.relativeError(y, g.forward(x, w, b)),
                    ConvReference.relativeError(xa.getGradient().toFloatArray(), g.inputGradient(dy, w)),
                    ConvReference.relativeError(wa.getGradient().toFloatArray(), g.weightGradient(dy, x)),
                    ConvReference.relativeError(ba.getGradient().toFloatArray(), biasGrad));
        }
    }

    private static NDArray owned(NDManager m, float[] data, Shape shape) {
        try (NDArray wrapped = m.create(data, shape)) {
            return wrapped.duplicate();
        }
    }
}
