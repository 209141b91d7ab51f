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
        AttentionUNet.Builder b = AttentionUNet.builder()
                .setInChannels(spec.getInt("inChannels"))
                .setOutChannels(spec.getInt("outChannels"))
                .setChannels(spec.getIntArray("channels"))
                .setStrides(spec.getIntArray("strides"));
        if (spec.has("spatialDims")) {
            b.optSpatialDims(spec.getInt("spatialDims"));
        }
        if (spec.has("kernelSize")) {
            b.optKernelSize(spec.getInt("kernelSize"));
        }
        if (spec.has("upKernelSize")) {
            b.optUpKernelSize(spec.getInt("upKernelSize"));
        }
        if (spec.has("dropout")) {
            b.optDropout(spec.getDouble("dropout"));
        }
        return b.build();
    }
}
