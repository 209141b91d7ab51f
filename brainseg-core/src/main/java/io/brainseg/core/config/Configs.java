package io.brainseg.core.config;

import ai.djl.training.loss.Loss;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Describes components for {@code config.json}: {@link #describe} gives {@code {class, config}} of
 * any object, and {@link #fieldsOf} is the reflective default of {@link Configurable#getConfig()}.
 */
public final class Configs {

    /** Longest primitive array recorded; longer ones are data, not settings. */
    private static final int MAX_ARRAY = 256;
    /** Deepest nesting followed (pipelines of pipelines), a guard against cycles. */
    private static final int MAX_DEPTH = 8;

    private Configs() {}

    /**
     * Describes a component: its class and, for a {@link Configurable} or a DJL {@link Loss}, its
     * hyper-parameters.
     *
     * @param component the component
     * @return {@code {"class": ..., "config": {...}}}, in that order
     */
    public static Map<String, Object> describe(Object component) {
        return describe(component, 0);
    }

    /**
     * Lists the final instance fields of value type of {@code o}, from its class up to (not
     * including) JDK and DJL classes, superclass fields first.
     *
     * @param o the object
     * @return field name to value, unmodifiable
     */
    public static Map<String, Object> fieldsOf(Object o) {
        return fieldsOf(o, 0);
    }

    private static Map<String, Object> describe(Object component, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", component.getClass().getName());
        Map<String, Object> config = new LinkedHashMap<>();
        if (component instanceof Loss loss) {
            // DJL's name is a setting too (it labels the logged value), kept in a DJL field.
            config.put("name", loss.getName());
        }
        if (component instanceof Configurable c) {
            config.putAll(depth == 0 ? c.getConfig() : fieldsOrConfig(c, depth));
        } else if (component instanceof Loss) {
            config.putAll(fieldsOf(component, depth + 1));
        }
        if (!config.isEmpty() || component instanceof Configurable) {
            m.put("config", Collections.unmodifiableMap(config));
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> fieldsOrConfig(Configurable c, int depth) {
        return depth > MAX_DEPTH ? Map.of() : c.getConfig();
    }

    private static Map<String, Object> fieldsOf(Object o, int depth) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> k = o.getClass(); k != null && !isLibrary(k); k = k.getSuperclass()) {
            chain.add(0, k);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Class<?> k : chain) {
            for (Field f : k.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || !Modifier.isFinal(mod) || f.isSynthetic()) {
                    continue;
                }
                Object value;
                try {
                    f.setAccessible(true);
                    value = f.get(o);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                toValue(value, depth).ifPresent(v -> out.put(f.getName(), v));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static boolean isLibrary(Class<?> k) {
        String n = k.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("ai.djl.");
    }

    /** Converts a field value to a JSON-friendly value, or empty when it is not a setting. */
    private static Optional<Object> toValue(Object v, int depth) {
        if (v == null) {
            return Optional.empty(); // an unset optional setting: absent from the description
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof String || v instanceof Character) {
            return Optional.of(v);
        }
        if (v instanceof Enum<?> e) {
            return Optional.of(e.name());
        }
        if (depth >= MAX_DEPTH) {
            return Optional.empty();
        }
        if (v.getClass().isArray() && v.getClass().getComponentType().isPrimitive()) {
            int n = Array.getLength(v);
            if (n > MAX_ARRAY) {
                return Optional.empty();
            }
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(Array.get(v, i));
            }
            return Optional.of(Collections.unmodifiableList(list));
        }
        if (v instanceof Collection<?> c) {
            // Settings come as lists of names or components; lists of numbers or arrays (and empty
            // lists, which may be either) are usually accumulated data, which must not make two
            // descriptions of the same component differ.
            if (c.isEmpty() || c.size() > MAX_ARRAY) {
                return Optional.empty();
            }
            List<Object> list = new ArrayList<>(c.size());
            for (Object e : c) {
                if (e == null || e.getClass().isArray() || e instanceof Number) {
                    return Optional.empty();
                }
                Optional<Object> ev = toValue(e, depth + 1);
                if (ev.isEmpty()) {
                    return Optional.empty();
                }
                list.add(ev.get());
            }
            return Optional.of(Collections.unmodifiableList(list));
        }
        if (v instanceof Configurable || v instanceof Loss) {
            return Optional.of(describe(v, depth + 1));
        }
        return Optional.empty();
    }
}
