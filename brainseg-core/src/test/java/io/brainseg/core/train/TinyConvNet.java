package io.brainseg.core.train;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import io.brainseg.core.model.ModelFactory;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.model.ModelSpecProvider;
import java.util.Map;

/**
 * A test network: conv3×3(C→f) → ReLU → dropout → conv3×3(f→f) → ReLU → conv1×1(f→1), mapping
 * {@code N×C×H×W} to logits {@code N×1×H×W}. Registered as architecture {@code "tiny-conv"}. Its
 * convolutions are {@link SafeConv}s, right on machines with oneDNN's channel-padding defect.
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
        add(new SafeConv(f, 3));
        add(Activation.reluBlock());
        if (spec.getDouble("dropout") > 0) {
            add(Dropout.builder().optRate((float) spec.getDouble("dropout")).build());
        }
        add(new SafeConv(f, 3));
        add(Activation.reluBlock());
        add(new SafeConv(1, 1));
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
