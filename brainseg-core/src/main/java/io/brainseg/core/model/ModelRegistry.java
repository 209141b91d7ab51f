package io.brainseg.core.model;

import ai.djl.nn.Block;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds the {@link ModelFactory} for a spec among the factories on the class path.
 */
public final class ModelRegistry {

    private ModelRegistry() {}

    /**
     * Builds a new block from {@code spec}.
     *
     * @param spec the spec
     * @return a new, uninitialised block
     * @throws IllegalArgumentException if no factory knows the architecture (the message lists the
     *     known ones) or the spec is invalid
     */
    public static Block newBlock(ModelSpec spec) {
        Map<String, ModelFactory> factories = factories();
        ModelFactory factory = factories.get(spec.getArchitecture());
        if (factory == null) {
            throw new IllegalArgumentException("unknown architecture '" + spec.getArchitecture()
                    + "'; known: " + factories.keySet()
                    + " (is the module that defines it, e.g. brainseg-models, on the class path?)");
        }
        return factory.newBlock(spec);
    }

    /**
     * Returns the factories on the class path by architecture name.
     *
     * @return a sorted map
     */
    public static Map<String, ModelFactory> factories() {
        Map<String, ModelFactory> out = new TreeMap<>();
        for (ModelFactory f : ServiceLoader.load(ModelFactory.class)) {
            ModelFactory previous = out.put(f.getArchitecture(), f);
            if (previous != null && previous.getClass() != f.getClass()) {
                throw new IllegalStateException("two factories claim architecture '" + f.getArchitecture() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return out;
    }
}
