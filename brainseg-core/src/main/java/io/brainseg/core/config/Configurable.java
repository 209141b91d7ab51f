package io.brainseg.core.config;

import java.util.Map;

/**
 * A component that describes its hyper-parameters, so a run's {@code config.json} records them and
 * a resume can refuse a component that differs from the run's (Keras's {@code get_config()}).
 *
 * <p>The default describes the object's final instance fields of value type (numbers, booleans,
 * strings, enums, primitive arrays, non-empty lists of strings, enums or components, and nested
 * {@code Configurable}s or DJL losses),
 * which is right for immutable components built by a builder; override it when a field is derived
 * state rather than a setting, or when a setting lives elsewhere.
 */
public interface Configurable {

    /**
     * Returns the hyper-parameters, by name. Values are numbers, booleans, strings, lists and maps
     * of those, so the map serialises to JSON as is.
     *
     * @return an unmodifiable map, in a stable order
     */
    default Map<String, Object> getConfig() {
        return Configs.fieldsOf(this);
    }
}
