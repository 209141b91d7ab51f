package io.brainseg.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.testing.Golden;
import java.util.ArrayList;
import java.util.List;

/** Reads the shared MONAI golden files: nested arrays, and non-finite values stored as strings. */
public final class GoldenJson {

    private GoldenJson() {}

    /** Parses the vendored golden file {@code golden/<name>} (see {@link Golden}). */
    public static JsonObject load(String name) {
        return JsonParser.parseString(Golden.read(name)).getAsJsonObject();
    }

    /** Returns a number, decoding "NaN", "Infinity" and "-Infinity". */
    public static double number(JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            switch (e.getAsString()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    throw new IllegalArgumentException("not a number: " + e);
            }
        }
        if (e.isJsonArray() && e.getAsJsonArray().size() == 1) {
            return number(e.getAsJsonArray().get(0));
        }
        return e.getAsDouble();
    }

    /** Flattens a nested array in row-major order. */
    public static double[] flat(JsonElement e) {
        List<Double> out = new ArrayList<>();
        collect(e, out);
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    /** Returns the shape of a nested (rectangular) array. */
    public static long[] shape(JsonElement e) {
        List<Long> dims = new ArrayList<>();
        while (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            dims.add((long) a.size());
            e = a.get(0);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Converts to float. */
    public static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private static void collect(JsonElement e, List<Double> out) {
        if (e.isJsonArray()) {
            for (JsonElement c : e.getAsJsonArray()) {
                collect(c, out);
            }
        } else {
            out.add(number(e));
        }
    }
}
