package io.brainseg.tune.space;

import com.google.gson.JsonObject;

/**
 * Integers {@code low, low + step, …, high}, optionally log-uniform (then {@code step} is 1 and
 * {@code low >= 1}), as Optuna's {@code IntDistribution}. The upper bound is lowered to the last
 * reachable value.
 *
 * @param low the lower bound
 * @param high the upper bound
 * @param log true for log-uniform sampling
 * @param step the step, at least 1
 */
public record IntDistribution(long low, long high, boolean log, long step) implements Distribution {

    /**
     * Validates the bounds.
     *
     * @param low the lower bound
     * @param high the upper bound, at least {@code low}
     * @param log true for log-uniform ({@code low >= 1}, step 1)
     * @param step the grid step, at least 1
     * @throws IllegalArgumentException naming the bad bound
     */
    public IntDistribution {
        if (low > high) {
            throw new IllegalArgumentException("int distribution needs low <= high, got low=" + low + " high=" + high);
        }
        if (step < 1) {
            throw new IllegalArgumentException("int distribution step must be >= 1, got " + step);
        }
        if (log && (low < 1 || step != 1)) {
            throw new IllegalArgumentException(
                    "log int distribution needs low >= 1 and step 1, got low=" + low + " step=" + step);
        }
        high = low + (high - low) / step * step;
    }

    /**
     * Creates a uniform integer range with step 1.
     *
     * @param low lower bound
     * @param high upper bound
     * @return the distribution
     */
    public static IntDistribution of(long low, long high) {
        return new IntDistribution(low, high, false, 1);
    }

    @Override
    public double toInternal(Object external) {
        return NumericRanges.toInternal("int", external);
    }

    @Override
    public Object toExternal(double internal) {
        return Math.round(internal);
    }

    @Override
    public boolean contains(double v) {
        return v >= low && v <= high && v == Math.rint(v) && ((long) v - low) % step == 0;
    }

    @Override
    public boolean isSingle() {
        return low == high;
    }

    @Override
    public JsonObject toJson() {
        return NumericRanges.toJson("int", low, high, log, step);
    }

    static IntDistribution fromJson(JsonObject o) {
        NumericRanges.requireBounds(o);
        return new IntDistribution(
                o.get("low").getAsLong(),
                o.get("high").getAsLong(),
                NumericRanges.log(o),
                o.has("step") ? o.get("step").getAsLong() : 1);
    }
}
