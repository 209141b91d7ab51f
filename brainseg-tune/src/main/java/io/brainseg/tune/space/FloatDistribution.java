package io.brainseg.tune.space;

import com.google.gson.JsonObject;

/**
 * Real values in {@code [low, high]}: uniform, log-uniform ({@code log}: sampled uniformly in
 * {@code [ln low, ln high]}) or discretised ({@code step}: the values {@code low + k·step}). As in
 * Optuna, {@code log} and {@code step} exclude each other, and with a step the upper bound is
 * lowered to the last reachable value.
 *
 * @param low the lower bound
 * @param high the upper bound, at least {@code low}
 * @param log true for log-uniform ({@code low > 0})
 * @param step the grid step, or 0 for a continuous range
 */
public record FloatDistribution(double low, double high, boolean log, double step) implements Distribution {

    /**
     * Validates the bounds.
     *
     * @param low the lower bound
     * @param high the upper bound, at least {@code low}
     * @param log true for log-uniform ({@code low > 0})
     * @param step the grid step, or 0 for a continuous range
     * @throws IllegalArgumentException naming the bad bound
     */
    public FloatDistribution {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException(
                    "float distribution needs finite low <= high, got low=" + low + " high=" + high);
        }
        if (log && low <= 0) {
            throw new IllegalArgumentException("log float distribution needs low > 0, got low=" + low);
        }
        if (!(step >= 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("float distribution step must be >= 0, got " + step);
        }
        if (log && step > 0) {
            throw new IllegalArgumentException("float distribution cannot have both log and step (step=" + step + ")");
        }
        if (step > 0) {
            double k = Math.floor((high - low) / step + 1e-9);
            high = low + k * step;
        }
    }

    /**
     * Creates a uniform distribution.
     *
     * @param low lower bound
     * @param high upper bound
     * @return the distribution
     */
    public static FloatDistribution uniform(double low, double high) {
        return new FloatDistribution(low, high, false, 0);
    }

    /**
     * Creates a log-uniform distribution.
     *
     * @param low lower bound, positive
     * @param high upper bound
     * @return the distribution
     */
    public static FloatDistribution logUniform(double low, double high) {
        return new FloatDistribution(low, high, true, 0);
    }

    /**
     * Tells whether the range is discretised.
     *
     * @return true when {@code step > 0}
     */
    public boolean hasStep() {
        return step > 0;
    }

    @Override
    public double toInternal(Object external) {
        return NumericRanges.toInternal("float", external);
    }

    @Override
    public Object toExternal(double internal) {
        return internal;
    }

    @Override
    public boolean contains(double v) {
        if (!(v >= low && v <= high)) {
            return false;
        }
        if (step > 0) {
            double k = (v - low) / step;
            return Math.abs(k - Math.rint(k)) < 1e-8;
        }
        return true;
    }

    @Override
    public boolean isSingle() {
        return low == high;
    }

    @Override
    public JsonObject toJson() {
        return NumericRanges.toJson("float", low, high, log, step);
    }

    static FloatDistribution fromJson(JsonObject o) {
        NumericRanges.requireBounds(o);
        return new FloatDistribution(
                o.get("low").getAsDouble(),
                o.get("high").getAsDouble(),
                NumericRanges.log(o),
                o.has("step") ? o.get("step").getAsDouble() : 0);
    }
}
