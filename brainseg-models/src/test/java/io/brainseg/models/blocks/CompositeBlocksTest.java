package io.brainseg.models.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.Test;

/** ADN, ResidualUnit and SkipConnection: structure, shapes and the values they combine. */
class CompositeBlocksTest {

    @Test
    void adnAppliesNormThenDropoutThenActAndLeavesOutZeroDropout() {
        ADN withDropout = ADN.builder()
                .setChannels(4)
                .optNorm(Norm.INSTANCE)
                .optDropout(0.1)
                .optAct(Act.PRELU)
                .build();
        assertThat(withDropout.getChildren().values()).hasSize(3);
        assertThat(withDropout.getChildren().values().get(0)).isInstanceOf(InstanceNorm2d.class);
        assertThat(withDropout.getChildren().values().get(1)).isInstanceOf(Dropout.class);
        assertThat(withDropout.getChildren().values().get(2)).isInstanceOf(PReLU.class);
        ADN plain = ADN.builder()
                .setChannels(4)
                .optNorm(Norm.INSTANCE)
                .optAct(Act.RELU)
                .build();
        assertThat(plain.getChildren().values()).hasSize(2);
        try (NDManager m = NDManager.newBaseManager()) {
            plain.initialize(m, DataType.FLOAT32, new Shape(1, 4, 1, 2));
            NDArray x = m.create(new float[] {0, 2, 1, 3, 5, 5, -1, -3}, new Shape(1, 4, 1, 2));
            float[] y = plain.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
            float u = (float) (1 / Math.sqrt(1 + 1e-5));
            // Each pair normalises to (−u, +u) (or 0, 0 for a constant pair), then ReLU.
            assertThat(y).containsExactly(new float[] {0, u, 0, u, 0, 0, u, 0}, within(1e-5f));
        }
    }

    @Test
    void residualUnitAddsAStridedThreeByThreeResidualWhenDownsampling() {
        ResidualUnit down = ResidualUnit.builder()
                .setInChannels(3)
                .setOutChannels(8)
                .optStride(2)
                .optKernelSize(3)
                .optSubunits(2)
                .optAct(Act.PRELU)
                .optNorm(Norm.INSTANCE)
                .optDropout(0)
                .build();
        ResidualUnit bottom = ResidualUnit.builder()
                .setInChannels(8)
                .setOutChannels(16)
                .optStride(1)
                .optKernelSize(3)
                .optSubunits(2)
                .optAct(Act.PRELU)
                .optNorm(Norm.INSTANCE)
                .optDropout(0)
                .build();
        ResidualUnit same = ResidualUnit.builder()
                .setInChannels(8)
                .setOutChannels(8)
                .optStride(1)
                .optKernelSize(3)
                .optSubunits(1)
                .optAct(Act.PRELU)
                .optNorm(Norm.INSTANCE)
                .optDropout(0)
                .optLastConvOnly(true)
                .build();
        assertThat(residual(down).getKernelSize()).isEqualTo(3);
        assertThat(residual(down).getStride()).isEqualTo(2);
        assertThat(residual(bottom).getKernelSize()).isEqualTo(1);
        assertThat(same.getResidual()).isNull();
        try (NDManager m = NDManager.newBaseManager()) {
            down.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            down.initialize(m, DataType.FLOAT32, new Shape(2, 3, 8, 8));
            NDArray y = down.forward(
                            new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 3, 8, 8))), false)
                    .singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(new Shape(2, 8, 4, 4));
            // 2 subunits (conv + PReLU each) plus the 3×3 stride-2 residual conv.
            long params = down.getParameters().values().stream()
                    .mapToLong(p -> p.getArray().size())
                    .sum();
            assertThat(params).isEqualTo((9 * 3 * 8 + 8 + 1) + (9 * 8 * 8 + 8 + 1) + (9 * 3 * 8 + 8));
        }
    }

    @Test
    void identityResidualUnitWithBareLastConvReturnsConvPlusInput() {
        ResidualUnit unit = ResidualUnit.builder()
                .setInChannels(1)
                .setOutChannels(1)
                .optStride(1)
                .optKernelSize(3)
                .optSubunits(1)
                .optAct(Act.PRELU)
                .optNorm(Norm.INSTANCE)
                .optDropout(0)
                .optLastConvOnly(true)
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            unit.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            unit.initialize(m, DataType.FLOAT32, new Shape(1, 1, 3, 3));
            Conv2dLayer conv = (Conv2dLayer)
                    ((Convolution) unit.getConv().getChildren().values().get(0)).getConv();
            conv.getParameters().get("weight").getArray().set(new float[] {0, 0, 0, 0, 2, 0, 0, 0, 0});
            conv.getParameters().get("bias").getArray().set(new float[] {1});
            NDArray x = m.arange(9f).reshape(1, 1, 3, 3);
            float[] y = unit.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
            for (int i = 0; i < 9; i++) {
                assertThat(y[i]).isEqualTo(3 * i + 1); // 2x + 1 + x
            }
        }
    }

    @Test
    void skipConnectionConcatenatesSkipFirstThenDeeper() {
        SkipConnection skip = new SkipConnection(new ReLU());
        try (NDManager m = NDManager.newBaseManager()) {
            skip.initialize(m, DataType.FLOAT32, new Shape(1, 2, 1, 2));
            NDArray x = m.create(new float[] {-1, 2, 3, -4}, new Shape(1, 2, 1, 2));
            NDArray y = skip.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(new Shape(1, 4, 1, 2));
            assertThat(y.toFloatArray()).containsExactly(-1, 2, 3, -4, 0, 2, 3, 0);
            assertThat(y.get(new NDIndex(":, :2")).toFloatArray()).containsExactly(x.toFloatArray());
        }
    }

    private static Conv2dLayer residual(ResidualUnit unit) {
        return (Conv2dLayer) unit.getResidual();
    }
}
