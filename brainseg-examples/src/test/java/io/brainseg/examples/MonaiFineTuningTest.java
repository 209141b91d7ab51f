package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.model.ModelSpecProvider;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.models.interop.MonaiExport;
import io.brainseg.models.interop.MonaiImport;
import io.brainseg.models.interop.WeightFiles;
import io.brainseg.models.interop.tensor.StateDict;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fine-tuning example, small: import, two epochs, export. */
class MonaiFineTuningTest {

    @TempDir
    Path tmp;

    @Test
    void importTrainTwoEpochsAndExportChangesTheWeightsAndKeepsMonaisKeys() throws Exception {
        Block source = ModelChoice.UNET.build(4, 1, 0);
        ModelSpec spec = ((ModelSpecProvider) source).getSpec();
        Path weights = tmp.resolve("monai.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            source.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            MonaiExport.toSafetensors(source, weights);

            MonaiFineTuning.Result r = new MonaiFineTuning(weights, spec, tmp.resolve("work"), 4, 4, 32, 2, 4, 7).run();

            assertThat(r.training().getHistory()).hasSize(2);
            StateDict before = WeightFiles.read(weights, m);
            for (Path exported : new Path[] {r.safetensors(), r.torch()}) {
                StateDict after = WeightFiles.read(exported, m);
                assertThat(after.keys()).containsExactlyElementsOf(before.keys());
                // Training moved the first convolution's weights.
                String first = before.keys().iterator().next();
                NDArray delta = after.get(first).sub(before.get(first)).abs().max();
                assertThat(delta.getFloat()).as(first).isGreaterThan(0f);
            }
            // The exported file is the network after the last epoch, as the run's last checkpoint holds it.
            Block last =
                    Checkpoint.read(r.runDirectory().resolve(Checkpoint.LAST)).loadBlock(m);
            Block reimported = MonaiImport.fromMonai(r.torch(), spec, m);
            NDArray x = m.randomUniform(0, 1, new Shape(1, 3, 32, 32));
            NDArray a = last.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            NDArray b = reimported
                    .forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertThat(a.sub(b).abs().max().getFloat()).isZero();
        }
    }
}
