package io.brainseg.core.model;

/**
 * Implemented by blocks that can describe themselves, so a trainer can store how to rebuild them.
 */
public interface ModelSpecProvider {

    /**
     * Returns the spec that rebuilds this block through {@link ModelRegistry#newBlock(ModelSpec)}.
     *
     * @return the spec
     */
    ModelSpec getSpec();
}
