package io.brainseg.transforms;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.testing.Golden;
import java.util.ArrayList;
import java.util.List;

/** Reads the vendored {@code golden/transforms.json}: inputs and MONAI's outputs, flattened. */
public final class GoldenTransforms {

    private static JsonObject root;

    private GoldenTransforms() {}

    /**
     * Returns the parsed vendored file (see {@link Golden}).
     *
     * @return the root object
     */
    public static synchronized JsonObject root() {
        if (root == null) {
            root = JsonParser.parseString(Golden.read("transforms.json")).getAsJsonObject();
        }
        return root;
    }

    /**
     * Returns the names of all golden outputs.
     *
     * @return the output keys in file order
     */
    public static List<String> outputNames() {
        return new ArrayList<>(root().getAsJsonObject("outputs").keySet());
    }

    /**
     * Returns the input image, 3×16×16, flattened.
     *
     * @return the values in C, H, W order
     */
    public static float[] image() {
        return flatten(root().getAsJsonObject("input").get("image"));
    }

    /**
     * Returns the input mask, 1×16×16, flattened.
     *
     * @return the values
     */
    public static float[] mask() {
        return flatten(root().getAsJsonObject("mask_input").get("mask"));
    }

    /**
     * Returns one golden output.
     *
     * @param name the output key
     * @return the output object (shape, values, sum, ...)
     */
    public static JsonObject output(String name) {
        return root().getAsJsonObject("outputs").getAsJsonObject(name);
    }

    /**
     * Returns the shape of an output.
     *
     * @param name the output key
     * @return the shape, channel first
     */
    public static long[] shape(String name) {
        JsonArray a = output(name).getAsJsonArray("shape");
        long[] s = new long[a.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.get(i).getAsLong();
        }
        return s;
    }

    /**
     * Returns the values of an output, flattened.
     *
     * @param name the output key
     * @return the values
     */
    public static float[] values(String name) {
        return flatten(output(name).get("values"));
    }

    /**
     * Flattens a nested JSON array of numbers (non-finite values stored as strings).
     *
     * @param e the element
     * @return the values in row-major order
     */
    public static float[] flatten(JsonElement e) {
        List<Float> out = new ArrayList<>();
        collect(e, out);
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = out.get(i);
        }
        return f;
    }

    private static void collect(JsonElement e, List<Float> out) {
        if (e.isJsonArray()) {
            for (JsonElement c : e.getAsJsonArray()) {
                collect(c, out);
            }
        } else if (e.getAsJsonPrimitive().isString()) {
            out.add(Float.parseFloat(e.getAsString()));
        } else {
            out.add(e.getAsFloat());
        }
    }
}
