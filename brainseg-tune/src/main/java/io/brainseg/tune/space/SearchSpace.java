package io.brainseg.tune.space;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered set of parameters, each with its distribution and optionally a condition: a parameter
 * exists only when an earlier parameter took one of the listed values (e.g. {@code attention_gates}
 * only when {@code architecture} is {@code "attention_unet"}). This is the declarative twin of
 * Optuna's define-by-run style: {@link #suggest(ParameterSuggester)} asks the trial for each parameter in order
 * and skips those whose condition fails, so samplers see exactly the parameters that exist.
 *
 * <p>A space file is JSON: {@code {"parameters": [{"name": "lr", "type": "float", "low": 1e-6,
 * "high": 0.1, "log": true}, {"name": "arch", "type": "categorical", "choices": ["unet",
 * "attention_unet"]}, {"name": "gates", "type": "int", "low": 1, "high": 4, "when": {"arch":
 * ["attention_unet"]}}]}}.
 */
public final class SearchSpace {

    /**
     * One parameter of the space.
     *
     * @param name the parameter name
     * @param distribution its values
     * @param parent the parameter this one depends on, or null
     * @param parentValues the parent's values under which this parameter exists (empty if no parent)
     */
    public record Parameter(String name, Distribution distribution, String parent, List<Object> parentValues) {}

    private final List<Parameter> parameters;

    private SearchSpace(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /**
     * Starts a space.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The reference project's space (issue 17, its Table 1): dropout U[0, 0.5], learning rate
     * log-U[1e-6, 0.1], batch size {16, 32}, first-block filters {8, 16, 32}.
     *
     * @return the space
     */
    public static SearchSpace reference() {
        return builder()
                .addFloat("dropout", 0.0, 0.5)
                .addLogFloat("lr", 1e-6, 0.1)
                .addCategorical("batch", 16, 32)
                .addCategorical("filters", 8, 16, 32)
                .build();
    }

    /**
     * Reads a JSON space file (format in the class comment).
     *
     * @param file the file
     * @return the space
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the content is not a valid space, naming the file
     */
    public static SearchSpace fromJson(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return fromJson(r);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid search space file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a JSON space.
     *
     * @param reader the JSON text
     * @return the space
     */
    public static SearchSpace fromJson(Reader reader) {
        JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
        if (!root.has("parameters")) {
            throw new IllegalArgumentException("search space needs a 'parameters' array");
        }
        Builder b = builder();
        for (JsonElement e : root.getAsJsonArray("parameters")) {
            JsonObject p = e.getAsJsonObject();
            if (!p.has("name")) {
                throw new IllegalArgumentException("search space parameter without 'name': " + p);
            }
            Distribution d = Distribution.fromJson(p);
            String name = p.get("name").getAsString();
            if (p.has("when")) {
                JsonObject when = p.getAsJsonObject("when");
                if (when.size() != 1) {
                    throw new IllegalArgumentException(
                            "'when' of " + name + " must name exactly one parameter: " + when);
                }
                String parent = when.keySet().iterator().next();
                JsonArray values = when.getAsJsonArray(parent);
                Object[] choices =
                        CategoricalDistribution.fromJson(wrap(values)).choices().toArray();
                b.addConditional(name, d, parent, choices);
            } else {
                b.add(name, d);
            }
        }
        return b.build();
    }

    private static JsonObject wrap(JsonArray values) {
        JsonObject o = new JsonObject();
        o.add("choices", values);
        return o;
    }

    /**
     * Returns the parameters in order.
     *
     * @return the parameters
     */
    public List<Parameter> getParameters() {
        return parameters;
    }

    /**
     * Asks the trial for every parameter whose condition holds, in order.
     *
     * @param trial the trial (an {@code io.brainseg.tune.Trial} is a suggester)
     * @return the values, by name, in order
     */
    public Map<String, Object> suggest(ParameterSuggester trial) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (p.parent() != null) {
                Object pv = values.get(p.parent());
                if (pv == null || !p.parentValues().contains(pv)) {
                    continue;
                }
            }
            values.put(p.name(), trial.suggest(p.name(), p.distribution()));
        }
        return values;
    }

    /** Builds a {@link SearchSpace}. */
    public static final class Builder {

        private final List<Parameter> parameters = new ArrayList<>();

        private Builder() {}

        /**
         * Adds an unconditional parameter.
         *
         * @param name the name
         * @param distribution its values
         * @return this builder
         */
        public Builder add(String name, Distribution distribution) {
            parameters.add(new Parameter(name, distribution, null, List.of()));
            return this;
        }

        /**
         * Adds a uniform float parameter.
         *
         * @param name the name
         * @param low lower bound
         * @param high upper bound
         * @return this builder
         */
        public Builder addFloat(String name, double low, double high) {
            return add(name, FloatDistribution.uniform(low, high));
        }

        /**
         * Adds a log-uniform float parameter.
         *
         * @param name the name
         * @param low lower bound, positive
         * @param high upper bound
         * @return this builder
         */
        public Builder addLogFloat(String name, double low, double high) {
            return add(name, FloatDistribution.logUniform(low, high));
        }

        /**
         * Adds an integer parameter with step 1.
         *
         * @param name the name
         * @param low lower bound
         * @param high upper bound
         * @return this builder
         */
        public Builder addInt(String name, long low, long high) {
            return add(name, IntDistribution.of(low, high));
        }

        /**
         * Adds a categorical parameter.
         *
         * @param name the name
         * @param choices the choices
         * @return this builder
         */
        public Builder addCategorical(String name, Object... choices) {
            return add(name, CategoricalDistribution.of(choices));
        }

        /**
         * Adds a parameter that exists only when an earlier one has one of the given values.
         *
         * @param name the name
         * @param distribution its values
         * @param parent the earlier parameter
         * @param parentValues the parent's values under which this one exists
         * @return this builder
         */
        public Builder addConditional(String name, Distribution distribution, String parent, Object... parentValues) {
            List<Object> vals = CategoricalDistribution.of(parentValues).choices();
            parameters.add(new Parameter(name, distribution, parent, vals));
            return this;
        }

        /**
         * Builds the space.
         *
         * @return the space
         * @throws IllegalArgumentException if a name repeats, is blank, or a condition names a
         *     parameter that is not defined before it
         */
        public SearchSpace build() {
            List<String> seen = new ArrayList<>();
            for (Parameter p : parameters) {
                if (p.name() == null || p.name().isBlank()) {
                    throw new IllegalArgumentException(
                            "search space parameter name must not be blank, got '" + p.name() + "'");
                }
                if (seen.contains(p.name())) {
                    throw new IllegalArgumentException("search space parameter '" + p.name() + "' is defined twice");
                }
                if (p.parent() != null && !seen.contains(p.parent())) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "' depends on '" + p.parent()
                            + "', which is not defined before it");
                }
                seen.add(p.name());
            }
            if (parameters.isEmpty()) {
                throw new IllegalArgumentException("search space needs at least one parameter");
            }
            return new SearchSpace(parameters);
        }
    }
}
