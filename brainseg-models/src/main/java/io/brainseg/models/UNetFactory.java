package io.brainseg.models;

import ai.djl.nn.Block;
import io.brainseg.core.model.ModelFactory;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.models.blocks.Act;
import io.brainseg.models.blocks.Norm;

/** Rebuilds a {@link UNet} from its {@link ModelSpec} (architecture {@code "unet"}). */
public final class UNetFactory implements ModelFactory {

    /** Creates the factory (used by {@link java.util.ServiceLoader}). */
    public UNetFactory() {}

    @Override
    public String getArchitecture() {
        return UNet.ARCHITECTURE;
    }

    @Override
    public Block newBlock(ModelSpec spec) {
        UNet.Builder b = UNet.builder().applySpec(spec);
        if (spec.has("numResUnits")) {
            b.optNumResUnits(spec.getInt("numResUnits"));
        }
        if (spec.has("act")) {
            b.optAct(SpecEnums.parse(spec, "act", Act.class));
        }
        if (spec.has("norm")) {
            b.optNorm(SpecEnums.parse(spec, "norm", Norm.class));
        }
        return b.build();
    }
}
