package io.brainseg.models;

import io.brainseg.core.model.ModelSpec;
import java.util.Arrays;
import java.util.Locale;

/** Reads enum-valued spec parameters, case-insensitively, with a message naming the choices. */
final class SpecEnums {

    private SpecEnums() {}

    static <E extends Enum<E>> E parse(ModelSpec spec, String key, Class<E> type) {
        String value = spec.getString(key);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "model spec '" + spec.getArchitecture() + "': parameter '" + key + "' = '" + value
                            + "' is not one of " + Arrays.toString(type.getEnumConstants()),
                    e);
        }
    }
}
