package io.brainseg.tune.sampler;

import io.brainseg.tune.space.Distribution;
import io.brainseg.tune.space.FloatDistribution;
import io.brainseg.tune.space.IntDistribution;

/**
 * A numeric distribution seen in the space where samplers draw continuously (Optuna's Parzen
 * bounds): log distributions in {@code ln} space, stepped ones widened by half a step on each side
 * so every grid value has the same share, integers as stepped with step ≥ 1 (log integers in
 * {@code [ln(low − ½), ln(high + ½)]}).
 *
 * @param low lower bound in the sampling space
 * @param high upper bound in the sampling space
 * @param step the grid step in the sampling space, or 0 if continuous there
 * @param log true if the sampling space is {@code ln} of the value
 * @param distribution the distribution
 */
record NumericBounds(double low, double high, double step, boolean log, Distribution distribution) {

    static NumericBounds of(Distribution d) {
        if (d instanceof FloatDistribution f) {
            if (f.log()) {
                return new NumericBounds(Math.log(f.low()), Math.log(f.high()), 0, true, d);
            }
            if (f.hasStep()) {
                return new NumericBounds(f.low() - 0.5 * f.step(), f.high() + 0.5 * f.step(), f.step(), false, d);
            }
            return new NumericBounds(f.low(), f.high(), 0, false, d);
        }
        IntDistribution i = (IntDistribution) d;
        if (i.log()) {
            return new NumericBounds(Math.log(i.low() - 0.5), Math.log(i.high() + 0.5), 0, true, d);
        }
        return new NumericBounds(i.low() - 0.5 * i.step(), i.high() + 0.5 * i.step(), i.step(), false, d);
    }

    /** Maps an internal value into the sampling space. */
    double toSampling(double internal) {
        return log ? Math.log(internal) : internal;
    }

    /** Maps a point of the sampling space back to a valid internal value (rounded and clipped). */
    double fromSampling(double x) {
        if (distribution instanceof FloatDistribution f) {
            if (f.log()) {
                return Math.min(Math.max(Math.exp(x), f.low()), f.high());
            }
            if (f.hasStep()) {
                double v = Math.rint((x - f.low()) / f.step()) * f.step() + f.low();
                return Math.min(Math.max(v, f.low()), f.high());
            }
            return Math.min(Math.max(x, f.low()), f.high());
        }
        IntDistribution i = (IntDistribution) distribution;
        double v = i.log() ? Math.rint(Math.exp(x)) : Math.rint((x - i.low()) / i.step()) * i.step() + i.low();
        return Math.min(Math.max(v, i.low()), i.high());
    }
}
