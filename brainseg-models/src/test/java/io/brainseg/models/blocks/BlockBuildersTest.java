package io.brainseg.models.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The blocks' builders: defaults give MONAI's parameter counts, invalid settings are named. */
class BlockBuildersTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("inChannels = 0", (ThrowingCallable) () -> Conv2dLayer.builder()
                        .setInChannels(0)
                        .setOutChannels(1)
                        .setKernelSize(3)
                        .build()),
                Arguments.of("kernelSize = -1", (ThrowingCallable) () ->
                        Conv2dLayer.builder().setInChannels(1).setOutChannels(1).build()),
                Arguments.of("padding = -2", (ThrowingCallable) () -> Conv2dLayer.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .setKernelSize(3)
                        .optPadding(-2)
                        .build()),
                Arguments.of("subunits = 0", (ThrowingCallable) () -> ResidualUnit.builder()
                        .setInChannels(1)
                        .setOutChannels(2)
                        .optSubunits(0)
                        .build()),
                Arguments.of("dropout = 1.0", (ThrowingCallable) () -> ResidualUnit.builder()
                        .setInChannels(1)
                        .setOutChannels(2)
                        .optDropout(1)
                        .build()),
                Arguments.of(
                        "channels = -1", (ThrowingCallable) () -> ADN.builder().build()),
                Arguments.of("dropout = 1.5", (ThrowingCallable)
                        () -> ADN.builder().setChannels(2).optDropout(1.5).build()),
                Arguments.of("outChannels = -1", (ThrowingCallable)
                        () -> ConvBlock.builder().setInChannels(2).build()),
                Arguments.of("gateChannels = -1", (ThrowingCallable) () -> AttentionBlock.builder()
                        .setIntermediateChannels(2)
                        .setInputChannels(4)
                        .build()),
                Arguments.of("submodule must be set", (ThrowingCallable) () -> AttentionLayer.builder()
                        .setInChannels(4)
                        .setOutChannels(8)
                        .build()),
                // The shared checks of the builder bases name the block, the setting and the value.
                Arguments.of("ConvTranspose2d: invalid padding = 3", (ThrowingCallable) () -> ConvTranspose2d.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .setKernelSize(3)
                        .optPadding(3)
                        .build()),
                Arguments.of("AttentionLayer: invalid inChannels = 1", (ThrowingCallable) () -> AttentionLayer.builder()
                        .setInChannels(1)
                        .setOutChannels(8)
                        .build()),
                Arguments.of("AttentionLayer: invalid stride = 0", (ThrowingCallable) () -> AttentionLayer.builder()
                        .setInChannels(4)
                        .setOutChannels(8)
                        .optStride(0)
                        .build()),
                Arguments.of("Convolution: invalid dropout = 1.0", (ThrowingCallable) () -> Convolution.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .optDropout(1)
                        .build()),
                Arguments.of("Convolution: act must not be null", (ThrowingCallable) () -> Convolution.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .optAct(null)
                        .build()),
                Arguments.of("ConvBlock: invalid stride = 0", (ThrowingCallable) () -> ConvBlock.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .optStride(0)
                        .build()),
                Arguments.of("ResidualUnit: invalid kernelSize = 0", (ThrowingCallable) () -> ResidualUnit.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .optKernelSize(0)
                        .build()),
                Arguments.of("InstanceNorm2d: invalid eps = 0.0", (ThrowingCallable)
                        () -> InstanceNorm2d.builder().setChannels(2).optEps(0).build()),
                Arguments.of("AttentionBlock: invalid intermediateChannels = 0", (ThrowingCallable)
                        () -> AttentionBlock.builder()
                                .setIntermediateChannels(0)
                                .setGateChannels(2)
                                .setInputChannels(2)
                                .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void anInvalidSettingIsRejectedNamingItAndItsValue(String message, ThrowingCallable build) {
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void theBasesSettersChainInAnyOrderAndEachLayerKeepsItsDefaults() {
        // Setters inherited from the bases return the concrete builder, so they mix with the block's own.
        Conv2dLayer conv = Conv2dLayer.builder()
                .optStride(2)
                .optBias(false)
                .setKernelSize(5)
                .setOutChannels(4)
                .setInChannels(3)
                .build();
        assertThat(new int[] {
                    conv.getInChannels(),
                    conv.getOutChannels(),
                    conv.getKernelSize(),
                    conv.getStride(),
                    conv.getPadding()
                })
                .containsExactly(3, 4, 5, 2, 0);
        assertThat(conv.hasBias()).isFalse();
        ConvTranspose2d up = ConvTranspose2d.builder()
                .optOutputPadding(1)
                .optStride(2)
                .setInChannels(4)
                .setOutChannels(2)
                .setKernelSize(3)
                .optPadding(1)
                .build();
        assertThat(new int[] {
                    up.getInChannels(),
                    up.getOutChannels(),
                    up.getKernelSize(),
                    up.getStride(),
                    up.getPadding(),
                    up.getOutputPadding()
                })
                .containsExactly(4, 2, 3, 2, 1, 1);
        assertThat(up.hasBias()).isTrue();
        assertThat(up.getAlgorithm()).isEqualTo(ConvTranspose2d.Algorithm.SUB_PIXEL);
        // ⌊(8 + 2·0 − 5)/2⌋ + 1 = 2 and (4 − 1)·2 − 2·1 + 3 + 1 = 8
        assertThat(conv.outputSize(8)).isEqualTo(2);
        assertThat(up.outputSize(4)).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameterCounts")
    void defaultsGiveMonaisParameterCounts(String name, ai.djl.nn.Block block, Shape input, long expected) {
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, input);
            long count = block.getParameters().values().stream()
                    .filter(p -> p.requiresGradient())
                    .mapToLong(p -> p.getArray().size())
                    .sum();
            assertThat(count).isEqualTo(expected);
        }
    }

    static Stream<Arguments> parameterCounts() {
        return Stream.of(
                // 3·8·9 weights + 8 biases
                Arguments.of(
                        "Conv2dLayer 3→8 k3",
                        Conv2dLayer.builder()
                                .setInChannels(3)
                                .setOutChannels(8)
                                .setKernelSize(3)
                                .optPadding(1)
                                .build(),
                        new Shape(2, 3, 8, 8),
                        3 * 8 * 9 + 8),
                // two 3×3 convolutions (3→8, 8→8) + a 3×3 stride-2 residual (3→8) + two PReLU slopes
                Arguments.of(
                        "ResidualUnit 3→8 s2",
                        ResidualUnit.builder()
                                .setInChannels(3)
                                .setOutChannels(8)
                                .optStride(2)
                                .build(),
                        new Shape(2, 3, 8, 8),
                        (3 * 8 * 9 + 8) + (8 * 8 * 9 + 8) + (3 * 8 * 9 + 8) + 2),
                // instance norm has no parameters; PReLU one
                Arguments.of("ADN 4", ADN.builder().setChannels(4).build(), new Shape(2, 4, 8, 8), 1),
                Arguments.of(
                        "ADN 4 batch norm ReLU",
                        ADN.builder()
                                .setChannels(4)
                                .optNorm(Norm.BATCH)
                                .optAct(Act.RELU)
                                .build(),
                        new Shape(2, 4, 8, 8),
                        8),
                // 9·in·out + out + 2out + 9·out² + out + 2out
                Arguments.of(
                        "ConvBlock 3→8",
                        ConvBlock.builder().setInChannels(3).setOutChannels(8).build(),
                        new Shape(2, 3, 8, 8),
                        9 * 3 * 8 + 8 + 16 + 9 * 64 + 8 + 16));
    }
}
