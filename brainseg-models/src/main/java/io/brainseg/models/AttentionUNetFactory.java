package io.brainseg.models;

import ai.djl.nn.Block;
import io.brainseg.core.model.ModelFactory;
import io.brainseg.core.model.ModelSpec;

/** Rebuilds an {@link AttentionUNet} from its {@link ModelSpec} (architecture {@code "attention-unet"}). */
public final class AttentionUNetFactory implements ModelFactory {

    /** Creates the factory (used by {@link java.util.ServiceLoader}). */
    public AttentionUNetFactory() {}

    @Override
    public String getArchitecture() {
        return AttentionUNet.ARCHITECTURE;
    }

    @Override
    public Block newBlock(ModelSpec spec) {
        return AttentionUNet.builder().applySpec(spec).build();
    }
}
