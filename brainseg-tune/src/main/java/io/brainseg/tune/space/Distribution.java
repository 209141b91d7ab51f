package io.brainseg.tune.space;

import com.google.gson.JsonObject;

/**
 * The set a parameter's values come from. Samplers work on the internal representation (a
 * {@code double}); users see the external one ({@code Double}, {@code Long} or a categorical
 * choice).
 */
public sealed interface Distribution permits FloatDistribution, IntDistribution, CategoricalDistribution {

    /**
     * Converts a user-facing value to the internal representation.
     *
     * @param external the value
     * @return the internal value
     * @throws IllegalArgumentException if the value is not in this distribution
     */
    double toInternal(Object external);

    /**
     * Converts an internal value back to the user-facing one.
     *
     * @param internal the internal value
     * @return a {@code Double}, {@code Long} or categorical choice
     */
    Object toExternal(double internal);

    /**
     * Tells whether an internal value lies in this distribution.
     *
     * @param internal the internal value
     * @return true if it can be sampled from this distribution
     */
    boolean contains(double internal);

    /**
     * Tells whether this distribution has exactly one value (samplers then skip it).
     *
     * @return true for a single value
     */
    boolean isSingle();

    /**
     * Serialises the distribution (stored beside each parameter so a study can be re-read).
     *
     * @return a JSON object with a {@code "type"} member
     */
    JsonObject toJson();

    /**
     * Reads a distribution written by {@link #toJson()} or by hand in a space file.
     *
     * @param json the object, with {@code "type"} one of {@code float}, {@code int},
     *     {@code categorical}
     * @return the distribution
     * @throws IllegalArgumentException if the type or a bound is missing or invalid
     */
    static Distribution fromJson(JsonObject json) {
        String type = json.has("type") ? json.get("type").getAsString() : "";
        switch (type) {
            case "float":
                return FloatDistribution.fromJson(json);
            case "int":
                return IntDistribution.fromJson(json);
            case "categorical":
                return CategoricalDistribution.fromJson(json);
            default:
                throw new IllegalArgumentException(
                        "distribution type must be float, int or categorical, got '" + type + "' in " + json);
        }
    }
}
