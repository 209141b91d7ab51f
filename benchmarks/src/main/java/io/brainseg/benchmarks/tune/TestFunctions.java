package io.brainseg.benchmarks.tune;

import java.util.Random;

/**
 * The standard black-box test functions of the sampler-quality table (all minimised). The same
 * definitions are in {@code benchmarks/tune/sampler_quality_optuna.py}.
 */
final class TestFunctions {

    private TestFunctions() {}

    /** Branin on x1 ∈ [−5, 10], x2 ∈ [0, 15]; minimum 0.397887. */
    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {
        {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}
    };
    private static final double[][] P = {
        {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
        {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
    };

    /** Hartmann-6 on [0, 1]^6; minimum −3.32237. */
    static double hartmann6(double[] x) {
        double s = 0;
        for (int i = 0; i < 4; i++) {
            double e = 0;
            for (int j = 0; j < 6; j++) {
                e += A[i][j] * (x[j] - P[i][j]) * (x[j] - P[i][j]);
            }
            s += ALPHA[i] * Math.exp(-e);
        }
        return -s;
    }

    /** Forrester's function on [0, 1]; minimum −6.02074 at x ≈ 0.7572. */
    static double forrester(double x) {
        return Math.pow(6 * x - 2, 2) * Math.sin(12 * x - 4);
    }

    /** Forrester with Gaussian observation noise of standard deviation 1. */
    static double noisyForrester(double x, Random noise) {
        return forrester(x) + noise.nextGaussian();
    }
}
