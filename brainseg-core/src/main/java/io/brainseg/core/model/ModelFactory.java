package io.brainseg.core.model;

import ai.djl.nn.Block;

/**
 * Builds the block an architecture name stands for. Modules register their factories as
 * {@link java.util.ServiceLoader} services ({@code META-INF/services/io.brainseg.core.model.ModelFactory}),
 * so core can rebuild a network from a {@link ModelSpec} without depending on the module that
 * defines it.
 */
public interface ModelFactory {

    /**
     * Returns the architecture name this factory builds, matched against
     * {@link ModelSpec#getArchitecture()}.
     *
     * @return the name, for example {@code "unet"}
     */
    String getArchitecture();

    /**
     * Builds a new, uninitialised block from {@code spec}.
     *
     * @param spec a spec whose architecture is {@link #getArchitecture()}
     * @return the block
     * @throws IllegalArgumentException if a parameter is missing or invalid
     */
    Block newBlock(ModelSpec spec);
}
