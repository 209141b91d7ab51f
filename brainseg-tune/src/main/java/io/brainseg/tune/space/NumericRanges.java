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
     * The JSON object every numeric distribution starts with: type, bounds and log flag.
     *
     * @param kind the type name, "float" or "int"
     * @param low the lower bound
     * @param high the upper bound
     * @param log the log flag
     * @return a new object the caller may add its step to
     */
    static JsonObject toJson(String kind, Number low, Number high, boolean log) {
        JsonObject o = new JsonObject();
        o.addProperty("type", kind);
        o.addProperty("low", low);
        o.addProperty("high", high);
        o.addProperty("log", log);
        return o;
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
