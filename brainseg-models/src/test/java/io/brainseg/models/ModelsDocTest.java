package io.brainseg.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.brainseg.core.model.ModelRegistry;
import io.brainseg.core.model.ModelSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of docs/models.md, run (the page shows the lines between the markers, see DocSnippetsTest). */
class ModelsDocTest {

    @TempDir
    Path tmp;

    @Test
    void buildersGiveMonaisParameterCountsAndASpecRebuildsTheNetwork() throws Exception {
        // spotless:off
        // docs/models.md: build
        UNet unet = UNet.builder()
                .setInChannels(3).setOutChannels(1)
                .setChannels(16, 32, 64, 128, 256).setStrides(2, 2, 2, 2)
                .optNumResUnits(2).optDropout(0.1)           // act PRELU, norm INSTANCE, kernel sizes 3: MONAI's defaults
                .build();
        AttentionUNet att = AttentionUNet.builder()
                .setInChannels(3).setOutChannels(1)
                .setChannels(16, 32, 64, 128, 256).setStrides(2, 2, 2, 2)
                .build();

        ModelSpec spec = unet.getSpec();                 // {"architecture":"unet","params":{...}} as JSON
        Block same = ModelRegistry.newBlock(spec);       // "unet" and "attention-unet" are registered services
        // end
        // spotless:on
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 3, 64, 64);
            unet.initialize(manager, DataType.FLOAT32, in);
            att.initialize(manager, DataType.FLOAT32, in);
            same.initialize(manager, DataType.FLOAT32, in);
            assertThat(count(unet)).isEqualTo(1_625_420L);
            assertThat(count(att)).isEqualTo(1_987_705L);
            assertThat(count(same)).isEqualTo(1_625_420L);
            assertThat(ModelSpec.fromJson(spec.toJson())).isEqualTo(spec);
            assertThat(spec.getArchitecture()).isEqualTo("unet");
        }
    }

    @Test
    void savedParametersAndSpecReloadInAnotherBlockWithIdenticalLogits() throws Exception {
        Path dir = tmp;
        UNet block = UNet.builder()
                .setInChannels(3)
                .setOutChannels(1)
                .setChannels(4, 8, 16, 32, 64)
                .setStrides(2, 2, 2, 2)
                .optNumResUnits(1)
                .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 3, 32, 32);
            block.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomUniform(0, 1, shape);
            // spotless:off
            // docs/models.md: save
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("unet.params")))) {
                block.saveParameters(out);
            }
            Files.writeString(dir.resolve("spec.json"), block.getSpec().toJson());

            // later, in another JVM:
            Block loaded = ModelRegistry.newBlock(ModelSpec.fromJson(Files.readString(dir.resolve("spec.json"))));
            loaded.initialize(manager, DataType.FLOAT32, shape);
            try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve("unet.params")))) {
                loaded.loadParameters(manager, in);
            }
            // end
            // spotless:on
            NDArray a = block.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();
            NDArray b = loaded.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();
            assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
        }
    }

    /** Trainable parameters, as MONAI counts them (batch norm's running statistics are not). */
    private static long count(Block block) {
        return block.getParameters().values().stream()
                .filter(p -> p.requiresGradient())
                .mapToLong(p -> p.getArray().size())
                .sum();
    }
}
