package io.brainseg.tune.space;

import com.google.gson.JsonObject;

/**
 * What {@link FloatDistribution} and {@link IntDistribution} share: a range {@code [low, high]}
 * with a log flag, held internally as a double, and its JSON form (Optuna's field names, so a
 * stored study reads the same in both tools). Records cannot share a superclass, hence these
 * static helpers.
 */
final class NumericRanges {

    private NumericRanges() {}

    /**
     * The internal (double) value of a user-facing number.
     *
     * @param kind "float" or "int", for the message
     * @param external the value given by the user or read from storage
     * @return the value as a double
     * @throws IllegalArgumentException if the value is not a number
     */
    static double toInternal(String kind, Object external) {
        if (!(external instanceof Number n)) {
            throw new IllegalArgumentException(kind + " parameter value must be a number, got " + external);
        }
        return n.doubleValue();
    }

    /**
     * The JSON form of a numeric distribution: type, bounds, log flag, and the step when there is
     * one ({@code step > 0}; a continuous float range has none, an int range always has one).
     *
     * @param kind the type name, "float" or "int"
     * @param low the lower bound
     * @param high the upper bound
     * @param log the log flag
     * @param step the grid step, or 0 for none
     * @return a new object
     */
    static JsonObject toJson(String kind, Number low, Number high, boolean log, Number step) {
        JsonObject o = new JsonObject();
        o.addProperty("type", kind);
        o.addProperty("low", low);
        o.addProperty("high", high);
        o.addProperty("log", log);
        if (step.doubleValue() > 0) {
            o.addProperty("step", step);
        }
        return o;
    }

    /**
     * The log flag of a stored distribution, false when absent.
     *
     * @param o the stored object
     * @return the flag
     */
    static boolean log(JsonObject o) {
        return o.has("log") && o.get("log").getAsBoolean();
    }

    /**
     * Checks that a stored distribution has both bounds.
     *
     * @param o the stored object
     * @throws IllegalArgumentException naming the missing key and the object
     */
    static void requireBounds(JsonObject o) {
        require(o, "low");
        require(o, "high");
    }

    /**
     * Checks that a stored distribution (of any kind) has a key.
     *
     * @param o the stored object
     * @param key the key it needs
     * @throws IllegalArgumentException naming the missing key and the object
     */
    static void require(JsonObject o, String key) {
        if (!o.has(key)) {
            throw new IllegalArgumentException("distribution needs '" + key + "': " + o);
        }
    }
}
