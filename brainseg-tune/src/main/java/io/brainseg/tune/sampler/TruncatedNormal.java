package io.brainseg.tune.sampler;

import org.apache.commons.math3.special.Erf;

/**
 * The normal distribution truncated to {@code [a, b]} (in standard units), computed in log space
 * so that kernels far from the bounds keep their precision: the mass of a right-tail interval is
 * computed as the mirrored left-tail one, as Optuna's {@code _truncnorm} does.
 */
final class TruncatedNormal {

    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private TruncatedNormal() {}

    /** Φ(z), the standard normal CDF. */
    static double cdf(double z) {
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    /** Φ⁻¹(p). */
    static double ppf(double p) {
        return -SQRT2 * Erf.erfcInv(2 * p);
    }

    /** {@code ln(Φ(b) − Φ(a))} for {@code a ≤ b}. */
    static double logGaussMass(double a, double b) {
        if (b <= 0) {
            return logDiffLeft(a, b);
        }
        if (a > 0) {
            return logDiffLeft(-b, -a);
        }
        // Central: 1 - Φ(a) - Φ(-b) avoids cancellation when the mass is near 1.
        return Math.log1p(-cdf(a) - cdf(-b));
    }

    private static double logDiffLeft(double a, double b) {
        double pb = cdf(b);
        double pa = cdf(a);
        return Math.log(pb) + Math.log1p(-pa / pb);
    }

    /**
     * Log density at {@code x} of N(mu, sigma²) truncated to {@code [low, high]}.
     *
     * @param x the point, inside the bounds
     * @param low lower bound
     * @param high upper bound
     * @param mu mean
     * @param sigma standard deviation
     * @return the log density
     */
    static double logPdf(double x, double low, double high, double mu, double sigma) {
        double z = (x - mu) / sigma;
        return -0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma) - logGaussMass((low - mu) / sigma, (high - mu) / sigma);
    }

    /**
     * Draws from N(mu, sigma²) truncated to {@code [low, high]} by inverting the CDF at
     * {@code u ∈ [0, 1)}; the right tail is mirrored to the left for precision.
     *
     * @param u a uniform draw
     * @param low lower bound
     * @param high upper bound
     * @param mu mean
     * @param sigma standard deviation
     * @return the draw, clipped into the bounds
     */
    static double sample(double u, double low, double high, double mu, double sigma) {
        double a = (low - mu) / sigma;
        double b = (high - mu) / sigma;
        double z;
        if (a > 0) {
            double pa = cdf(-b);
            double pb = cdf(-a);
            z = -ppf(pb - u * (pb - pa));
        } else {
            double pa = cdf(a);
            double pb = cdf(b);
            z = ppf(pa + u * (pb - pa));
        }
        double x = mu + sigma * z;
        return Math.min(Math.max(x, low), high);
    }
}
