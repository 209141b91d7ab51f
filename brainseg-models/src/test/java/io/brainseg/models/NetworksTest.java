package io.brainseg.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.brainseg.core.model.ModelRegistry;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.model.ModelSpecProvider;
import io.brainseg.core.testing.GcChurn;
import io.brainseg.models.blocks.Act;
import io.brainseg.models.blocks.Norm;
import java.lang.ref.Reference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Shapes, input checks, builder validation and spec round trips of UNet and AttentionUNet. */
class NetworksTest {

    static Stream<Arguments> smallNetworks() {
        return Stream.of(
                Arguments.of("UNet R=2", TestNetworks.smallUNet()),
                Arguments.of(
                        "UNet R=0 ReLU batch norm",
                        UNet.builder()
                                .setInChannels(3)
                                .setOutChannels(2)
                                .setChannels(4, 8, 16, 32, 64)
                                .setStrides(2, 2, 2, 2)
                                .optAct(Act.RELU)
                                .optNorm(Norm.BATCH)
                                .build()),
                Arguments.of("AttentionUNet", TestNetworks.smallAttentionUNet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallNetworks")
    void outputHasOutChannelsAndTheInputsSizeFor256And224(String name, Block net) {
        int out = ((ModelSpecProvider) net).getSpec().getInt("outChannels");
        try (NDManager m = NDManager.newBaseManager()) {
            net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 256, 256));
            for (int size : new int[] {256, 224}) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.randomUniform(0, 1, new Shape(2, 3, size, size));
                    for (boolean training : new boolean[] {true, false}) {
                        NDArray y = net.forward(new ParameterStore(step, false), new NDList(x), training)
                                .singletonOrThrow();
                        assertThat(y.getShape()).isEqualTo(new Shape(2, out, size, size));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallNetworks")
    void parameterGradientsAreTheSameWhenTheCollectorRunsBetweenForwardAndBackward(String name, Block net) {
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            float[][] quiet = parameterGradients(net, m, false);
            float[][] churned = parameterGradients(net, m, true);
            for (int i = 0; i < quiet.length; i++) {
                assertThat(churned[i])
                        .as("%s parameter %s", name, net.getParameters().get(i).getKey())
                        .containsExactly(quiet[i]);
            }
        }
    }

    private static float[][] parameterGradients(Block net, NDManager m, boolean churn) {
        try (NDManager step = m.newSubManager()) {
            Engine.getInstance().setRandomSeed(11);
            NDArray x = step.randomNormal(new Shape(2, 3, 32, 32));
            Engine.getInstance().setRandomSeed(12);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(new ParameterStore(step, false), new NDList(x), true)
                        .singletonOrThrow();
                NDArray loss = y.square().sum();
                Object keep = churn ? GcChurn.freeAndReuseDirectMemory() : null;
                gc.backward(loss);
                Reference.reachabilityFence(keep);
            }
            float[][] grads = new float[net.getParameters().size()][];
            for (int i = 0; i < grads.length; i++) {
                Parameter p = net.getParameters().get(i).getValue();
                if (!p.requiresGradient()) {
                    grads[i] = new float[0]; // running statistics move with every forward pass
                    continue;
                }
                NDArray w = p.getArray();
                try (NDArray g = w.getGradient()) {
                    grads[i] = g.toFloatArray();
                    g.muli(0);
                }
            }
            return grads;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallNetworks")
    void inputNotDivisibleByTheTotalStrideFailsNamingSizeAndStride(String name, Block net) {
        try (NDManager m = NDManager.newBaseManager()) {
            net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            NDArray x = m.zeros(new Shape(1, 3, 100, 96));
            assertThatThrownBy(() -> net.forward(new ParameterStore(m, false), new NDList(x), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("100×96")
                    .hasMessageContaining("not divisible by the total stride 16");
            assertThatThrownBy(() -> net.getOutputShapes(new Shape[] {new Shape(1, 3, 250, 250)}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("250×250");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallNetworks")
    void specRebuildsTheSameArchitectureThroughTheRegistry(String name, Block net) {
        ModelSpec spec = ((ModelSpecProvider) net).getSpec();
        ModelSpec parsed = ModelSpec.fromJson(spec.toJson());
        Block rebuilt = ModelRegistry.newBlock(parsed);
        assertThat(rebuilt.getClass()).isEqualTo(net.getClass());
        assertThat(((ModelSpecProvider) rebuilt).getSpec()).isEqualTo(spec);
        try (NDManager m = NDManager.newBaseManager()) {
            for (Block b : new Block[] {net, rebuilt}) {
                b.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
                b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            }
            assertThat(rebuilt.getParameters().keys())
                    .isEqualTo(net.getParameters().keys());
        }
    }

    @Test
    void registryKnowsBothArchitectures() {
        assertThat(ModelRegistry.factories()).containsKeys("unet", "attention-unet");
    }

    @Test
    void buildersRejectInvalidSettingsNamingThem() {
        assertThatThrownBy(() -> UNet.builder()
                        .setInChannels(3)
                        .setOutChannels(1)
                        .setChannels(16, 32, 64)
                        .setStrides(2)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strides")
                .hasMessageContaining("[2]");
        assertThatThrownBy(() -> UNet.builder()
                        .setOutChannels(1)
                        .setChannels(16, 32)
                        .setStrides(2)
                        .build())
                .hasMessageContaining("inChannels = -1");
        assertThatThrownBy(() -> UNet.builder()
                        .setInChannels(3)
                        .setOutChannels(1)
                        .setChannels(16, 32)
                        .setStrides(2)
                        .optDropout(1.5)
                        .build())
                .hasMessageContaining("dropout = 1.5");
        assertThatThrownBy(() -> UNet.builder()
                        .setInChannels(3)
                        .setOutChannels(1)
                        .setChannels(16, 32)
                        .setStrides(2)
                        .optSpatialDims(3)
                        .build())
                .hasMessageContaining("spatialDims = 3");
        assertThatThrownBy(() -> AttentionUNet.builder()
                        .setInChannels(3)
                        .setOutChannels(1)
                        .setChannels(16, 32)
                        .setStrides(2)
                        .optKernelSize(4)
                        .build())
                .hasMessageContaining("kernelSize = 4");
        assertThatThrownBy(() -> ModelRegistry.newBlock(ModelSpec.fromJson(
                        "{\"architecture\":\"unet\",\"params\":{\"inChannels\":3,\"outChannels\":1,\"channels\":[8,16],"
                                + "\"strides\":[2],\"act\":\"swish\"}}")))
                .hasMessageContaining("'act' = 'swish'")
                .hasMessageContaining("PRELU");
    }
}
