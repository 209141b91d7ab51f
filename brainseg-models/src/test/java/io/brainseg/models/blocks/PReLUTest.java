package io.brainseg.models.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.Test;

class PReLUTest {

    @Test
    void hasOneSlopeInitialisedToAQuarterThatATrainersWeightInitialiserLeavesAlone() {
        PReLU block = new PReLU();
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4, 4));
            assertThat(block.getParameters().size()).isEqualTo(1);
            assertThat(block.getParameters().get("alpha").getArray().toFloatArray())
                    .containsExactly(0.25f);
        }
    }

    @Test
    void keepsPositivesScalesNegativesAndLearnsTheSlope() {
        PReLU block = new PReLU();
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            NDArray alpha = block.getParameters().get("alpha").getArray();
            alpha.setRequiresGradient(true);
            NDArray x = m.create(new float[] {-2, -1, 0.5f, 3}, new Shape(1, 4));
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = block.forward(new ParameterStore(m, false), new NDList(x), true)
                        .singletonOrThrow();
                gc.backward(y.sum());
            }
            assertThat(y.toFloatArray()).containsExactly(new float[] {-0.5f, -0.25f, 0.5f, 3}, within(1e-7f));
            // d/da Σ y = Σ over negative x of x; d/dx = a for x < 0, 1 otherwise.
            assertThat(alpha.getGradient().toFloatArray()).containsExactly(new float[] {-3}, within(1e-6f));
            assertThat(x.getGradient().toFloatArray()).containsExactly(new float[] {0.25f, 0.25f, 1, 1}, within(1e-7f));
        }
    }

    @Test
    void inferenceGivesTheTrainingValuesAndTheInputGradient() {
        PReLU block = new PReLU(0.3f);
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 8, 8));
            NDArray x = m.randomNormal(new Shape(2, 3, 8, 8));
            NDArray train = block.forward(new ParameterStore(m, false), new NDList(x), true)
                    .singletonOrThrow();
            x.setRequiresGradient(true);
            NDArray infer;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                infer = block.forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow();
                gc.backward(infer.sum());
            }
            assertThat(infer.toFloatArray()).containsExactly(train.toFloatArray(), within(1e-6f));
            float[] xs = x.toFloatArray();
            float[] g = x.getGradient().toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                assertThat(g[i]).isEqualTo(xs[i] > 0 ? 1f : 0.3f, within(1e-7f));
            }
        }
    }
}
