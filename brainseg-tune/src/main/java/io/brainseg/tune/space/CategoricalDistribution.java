package io.brainseg.tune.space;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A finite set of choices (strings, numbers, booleans). The internal value is the choice's index.
 * Numeric choices are kept as {@code Long} when integral and {@code Double} otherwise, so that a
 * study re-read from storage gives back equal values.
 *
 * @param choices the choices, at least one, no duplicates
 */
public record CategoricalDistribution(List<Object> choices) implements Distribution {

    /**
     * Validates and normalises the choices.
     *
     * @param choices the choices, at least one, no duplicates
     * @throws IllegalArgumentException if there is no choice or a choice has an unsupported type
     */
    public CategoricalDistribution {
        if (choices == null || choices.isEmpty()) {
            throw new IllegalArgumentException("categorical distribution needs at least one choice, got " + choices);
        }
        List<Object> norm = new ArrayList<>();
        for (Object c : choices) {
            Object n = normalise(c);
            if (norm.contains(n)) {
                throw new IllegalArgumentException("categorical distribution has duplicate choice " + c);
            }
            norm.add(n);
        }
        choices = List.copyOf(norm);
    }

    /**
     * Creates a distribution over the given choices.
     *
     * @param choices the choices
     * @return the distribution
     */
    public static CategoricalDistribution of(Object... choices) {
        return new CategoricalDistribution(List.of(choices));
    }

    private static Object normalise(Object c) {
        if (c instanceof String || c instanceof Boolean) {
            return c;
        }
        if (c instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return (long) d;
            }
            return d;
        }
        throw new IllegalArgumentException("categorical choice must be a string, number or boolean, got " + c);
    }

    @Override
    public double toInternal(Object external) {
        int i = choices.indexOf(normalise(Objects.requireNonNull(external, "choice")));
        if (i < 0) {
            throw new IllegalArgumentException("value " + external + " is not one of the choices " + choices);
        }
        return i;
    }

    @Override
    public Object toExternal(double internal) {
        return choices.get((int) internal);
    }

    @Override
    public boolean contains(double v) {
        return v >= 0 && v < choices.size() && v == Math.rint(v);
    }

    @Override
    public boolean isSingle() {
        return choices.size() == 1;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "categorical");
        JsonArray a = new JsonArray();
        for (Object c : choices) {
            if (c instanceof String s) {
                a.add(s);
            } else if (c instanceof Boolean b) {
                a.add(b);
            } else {
                a.add((Number) c);
            }
        }
        o.add("choices", a);
        return o;
    }

    static CategoricalDistribution fromJson(JsonObject o) {
        NumericRanges.require(o, "choices");
        List<Object> list = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("choices")) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            list.add(p.isBoolean() ? p.getAsBoolean() : p.isNumber() ? p.getAsDouble() : p.getAsString());
        }
        return new CategoricalDistribution(list);
    }
}
