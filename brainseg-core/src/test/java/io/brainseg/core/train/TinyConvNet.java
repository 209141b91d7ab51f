package io.brainseg.core.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import io.brainseg.core.model.ModelFactory;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.model.ModelSpecProvider;
import java.util.Map;

/**
 * A test network: conv3×3(C→f) → ReLU → dropout → conv3×3(f→f) → ReLU → conv1×1(f→1), mapping
 * {@code N×C×H×W} to logits {@code N×1×H×W}. Registered as architecture {@code "tiny-conv"}.
 */
public final class TinyConvNet extends SequentialBlock implements ModelSpecProvider {

    /** The architecture name. */
    public static final String ARCHITECTURE = "tiny-conv";

    private final ModelSpec spec;

    /**
     * Builds the network.
     *
     * @param spec parameters {@code filters} and {@code dropout}
     */
    public TinyConvNet(ModelSpec spec) {
        this.spec = spec;
        int f = spec.getInt("filters");
        add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(f).build());
        add(Activation.reluBlock());
        if (spec.getDouble("dropout") > 0) {
            add(Dropout.builder().optRate((float) spec.getDouble("dropout")).build());
        }
        add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(f).build());
        add(Activation.reluBlock());
        add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
    }

    /**
     * Builds the network with {@code filters} filters and the given dropout.
     *
     * @param filters filters per conv
     * @param dropout dropout rate
     * @return the network
     */
    public static TinyConvNet of(int filters, double dropout) {
        return new TinyConvNet(ModelSpec.of(ARCHITECTURE, Map.of("filters", filters, "dropout", dropout)));
    }

    @Override
    public ModelSpec getSpec() {
        return spec;
    }

    /** The service-loaded factory. */
    public static final class Factory implements ModelFactory {
        @Override
        public String getArchitecture() {
            return ARCHITECTURE;
        }

        @Override
        public TinyConvNet newBlock(ModelSpec spec) {
            return new TinyConvNet(spec);
        }
    }
}
