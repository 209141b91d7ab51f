package io.brainseg.core.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A small, serialisable description of a network: the architecture name (for example
 * {@code "unet"}) and its hyper-parameters, from which {@link ModelRegistry} rebuilds exactly the
 * same {@link ai.djl.nn.Block}. A checkpoint stores it as {@code spec.json} beside the parameters,
 * so a predictor never needs the training code's settings.
 *
 * <p>Parameters are JSON values: numbers, booleans, strings and arrays of numbers. Accessors fail
 * with an {@link IllegalArgumentException} that names the architecture and the key.
 */
public final class ModelSpec {

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final String architecture;
    private final JsonObject params;

    private ModelSpec(String architecture, JsonObject params) {
        this.architecture = architecture;
        this.params = params;
    }

    /**
     * Creates a spec.
     *
     * @param architecture the architecture name, as a {@link ModelFactory} knows it
     * @param params the hyper-parameters; values are numbers, booleans, strings, enums or
     *     arrays/lists of numbers
     * @return the spec
     * @throws IllegalArgumentException if the name is blank or a value cannot be stored
     */
    public static ModelSpec of(String architecture, Map<String, ?> params) {
        Objects.requireNonNull(architecture, "architecture");
        if (architecture.isBlank()) {
            throw new IllegalArgumentException("architecture must not be blank");
        }
        JsonObject json = new JsonObject();
        params.forEach((k, v) -> json.add(k, toJson(k, v)));
        return new ModelSpec(architecture, json);
    }

    private static JsonElement toJson(String key, Object value) {
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        } else if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        } else if (value instanceof String s) {
            return new JsonPrimitive(s);
        } else if (value instanceof Enum<?> e) {
            return new JsonPrimitive(e.name());
        } else if (value instanceof int[] a) {
            JsonArray arr = new JsonArray();
            for (int x : a) {
                arr.add(x);
            }
            return arr;
        } else if (value instanceof Iterable<?> it) {
            JsonArray arr = new JsonArray();
            for (Object x : it) {
                arr.add(toJson(key, x));
            }
            return arr;
        }
        throw new IllegalArgumentException("parameter '" + key + "' has unsupported type "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /**
     * Parses a spec written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the spec
     * @throws IllegalArgumentException if the text is not a spec (the message says what is wrong)
     */
    public static ModelSpec fromJson(String json) {
        JsonObject root;
        try {
            JsonElement el = JsonParser.parseString(json);
            if (!el.isJsonObject()) {
                throw new IllegalArgumentException("model spec must be a JSON object, got: " + el);
            }
            root = el.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("model spec is not valid JSON: " + e.getMessage(), e);
        }
        JsonElement arch = root.get("architecture");
        if (arch == null || !arch.isJsonPrimitive()) {
            throw new IllegalArgumentException("model spec has no string field 'architecture'");
        }
        JsonElement params = root.get("params");
        if (params != null && !params.isJsonObject()) {
            throw new IllegalArgumentException("model spec field 'params' must be an object");
        }
        return new ModelSpec(
                arch.getAsString(),
                params == null ? new JsonObject() : params.getAsJsonObject().deepCopy());
    }

    /**
     * Serialises the spec as {@code {"architecture": ..., "params": {...}}}.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("architecture", architecture);
        root.add("params", params.deepCopy());
        return GSON.toJson(root);
    }

    /**
     * Returns the architecture name.
     *
     * @return the name a {@link ModelFactory} is registered under
     */
    public String getArchitecture() {
        return architecture;
    }

    /**
     * Returns the parameter names.
     *
     * @return the keys, in insertion order
     */
    public Set<String> getKeys() {
        return params.keySet();
    }

    /**
     * Tells whether a parameter is present.
     *
     * @param key the parameter name
     * @return true if present
     */
    public boolean has(String key) {
        return params.has(key);
    }

    /**
     * Returns an integer parameter.
     *
     * @param key the parameter name
     * @return the value
     * @throws IllegalArgumentException if missing or not an integer
     */
    public int getInt(String key) {
        JsonPrimitive p = primitive(key);
        double d = p.isNumber() ? p.getAsDouble() : Double.NaN;
        if (!p.isNumber() || d != Math.rint(d)) {
            throw bad(key, "an integer", p);
        }
        return p.getAsInt();
    }

    /**
     * Returns a floating-point parameter.
     *
     * @param key the parameter name
     * @return the value
     * @throws IllegalArgumentException if missing or not a number
     */
    public double getDouble(String key) {
        JsonPrimitive p = primitive(key);
        if (!p.isNumber()) {
            throw bad(key, "a number", p);
        }
        return p.getAsDouble();
    }

    /**
     * Returns a boolean parameter.
     *
     * @param key the parameter name
     * @return the value
     * @throws IllegalArgumentException if missing or not a boolean
     */
    public boolean getBoolean(String key) {
        JsonPrimitive p = primitive(key);
        if (!p.isBoolean()) {
            throw bad(key, "a boolean", p);
        }
        return p.getAsBoolean();
    }

    /**
     * Returns a string parameter.
     *
     * @param key the parameter name
     * @return the value
     * @throws IllegalArgumentException if missing or not a string
     */
    public String getString(String key) {
        JsonPrimitive p = primitive(key);
        if (!p.isString()) {
            throw bad(key, "a string", p);
        }
        return p.getAsString();
    }

    /**
     * Returns an array-of-integers parameter.
     *
     * @param key the parameter name
     * @return a fresh array
     * @throws IllegalArgumentException if missing or not an array of integers
     */
    public int[] getIntArray(String key) {
        JsonElement el = require(key);
        if (!el.isJsonArray()) {
            throw bad(key, "an array of integers", el);
        }
        JsonArray arr = el.getAsJsonArray();
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = arr.get(i);
            if (!x.isJsonPrimitive()
                    || !x.getAsJsonPrimitive().isNumber()
                    || x.getAsDouble() != Math.rint(x.getAsDouble())) {
                throw bad(key, "an array of integers", el);
            }
            out[i] = x.getAsInt();
        }
        return out;
    }

    private JsonElement require(String key) {
        JsonElement el = params.get(key);
        if (el == null) {
            throw new IllegalArgumentException(
                    "model spec '" + architecture + "' has no parameter '" + key + "'; it has " + params.keySet());
        }
        return el;
    }

    private JsonPrimitive primitive(String key) {
        JsonElement el = require(key);
        if (!el.isJsonPrimitive()) {
            throw bad(key, "a single value", el);
        }
        return el.getAsJsonPrimitive();
    }

    private IllegalArgumentException bad(String key, String expected, JsonElement actual) {
        return new IllegalArgumentException(
                "model spec '" + architecture + "': parameter '" + key + "' must be " + expected + ", got " + actual);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec other && architecture.equals(other.architecture) && params.equals(other.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, params);
    }

    @Override
    public String toString() {
        return architecture + params;
    }
}
