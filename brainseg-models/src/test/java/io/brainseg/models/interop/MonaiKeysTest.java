package io.brainseg.models.interop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.brainseg.models.AttentionUNet;
import io.brainseg.models.UNet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The key map covers every parameter of any configuration exactly once, with MONAI's parameter count. */
class MonaiKeysTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of(
                        "UNet f=8 R=0",
                        UNet.builder()
                                .setInChannels(3)
                                .setOutChannels(1)
                                .setChannels(8, 16, 32, 64, 128)
                                .setStrides(2, 2, 2, 2)
                                .build(),
                        165_409L),
                Arguments.of(
                        "UNet f=8 R=2",
                        UNet.builder()
                                .setInChannels(3)
                                .setOutChannels(1)
                                .setChannels(8, 16, 32, 64, 128)
                                .setStrides(2, 2, 2, 2)
                                .optNumResUnits(2)
                                .build(),
                        407_092L),
                Arguments.of(
                        "UNet 3 levels R=3 in=2 out=2",
                        UNet.builder()
                                .setInChannels(2)
                                .setOutChannels(2)
                                .setChannels(4, 8, 12)
                                .setStrides(2, 1)
                                .optNumResUnits(3)
                                .build(),
                        -1L),
                Arguments.of(
                        "AttentionUNet f=8",
                        AttentionUNet.builder()
                                .setInChannels(3)
                                .setOutChannels(1)
                                .setChannels(8, 16, 32, 64, 128)
                                .setStrides(2, 2, 2, 2)
                                .build(),
                        498_245L),
                Arguments.of(
                        "AttentionUNet 3 levels",
                        AttentionUNet.builder()
                                .setInChannels(1)
                                .setOutChannels(3)
                                .setChannels(4, 6, 10)
                                .setStrides(2, 2)
                                .build(),
                        -1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void everyParameterHasExactlyOneMonaiKey(String name, Block block, long monaiParams) {
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(
                    m,
                    DataType.FLOAT32,
                    new Shape(
                            1,
                            block instanceof UNet u ? u.getInChannels() : ((AttentionUNet) block).getInChannels(),
                            16,
                            16));
            Map<Parameter, Integer> seen = new IdentityHashMap<>();
            long trainable = 0;
            for (MonaiKeys.Key k : MonaiKeys.of(block).keys()) {
                if (k.parameter() != null) {
                    seen.merge(k.parameter(), 1, Integer::sum);
                    assertThat(k.shape()).isEqualTo(k.parameter().getArray().getShape());
                }
                if (k.role() == MonaiKeys.Role.PARAMETER) {
                    trainable += k.shape().size();
                }
                assertThat(k.key()).startsWith("model.");
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                assertThat(seen.get(p.getValue())).as(p.getKey()).isEqualTo(1);
            }
            assertThat(seen).hasSize(block.getParameters().size());
            if (monaiParams > 0) {
                assertThat(trainable).isEqualTo(monaiParams);
            }
        }
    }
}
