package io.brainseg.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.brainseg.core.model.ModelSpecProvider;
import java.io.DataOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parameters and spec saved here, loaded in a fresh JVM: the prediction is bit-identical. */
class RoundTripTest {

    static final Shape INPUT = new Shape(2, 3, 32, 32);

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("UNet", TestNetworks.smallUNet()),
                Arguments.of("AttentionUNet", TestNetworks.smallAttentionUNet()));
    }

    /** Inference on a fixed input (sin of the index); returns the raw little-endian float32 bytes. */
    static byte[] predict(Block block, NDManager m) {
        try (NDManager step = m.newSubManager()) {
            NDArray x = step.arange(0f, (float) INPUT.size()).mul(0.37f).sin().reshape(INPUT);
            NDArray y = block.forward(new ParameterStore(step, false), new NDList(x), false)
                    .singletonOrThrow();
            return y.toByteArray();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void predictionAfterLoadingInAFreshJvmIsBitIdentical(String name, Block net, @TempDir Path dir) throws Exception {
        byte[] expected;
        try (NDManager m = NDManager.newBaseManager()) {
            net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            net.initialize(m, DataType.FLOAT32, INPUT);
            // One training-mode pass moves the batch-norm running statistics off their defaults.
            try (NDManager step = m.newSubManager()) {
                net.forward(new ParameterStore(step, false), new NDList(step.randomNormal(INPUT)), true);
            }
            Files.writeString(
                    dir.resolve("spec.json"),
                    ((ModelSpecProvider) net).getSpec().toJson(),
                    StandardCharsets.UTF_8);
            try (OutputStream out = Files.newOutputStream(dir.resolve("params.bin"));
                    DataOutputStream data = new DataOutputStream(out)) {
                net.saveParameters(data);
            }
            expected = predict(net, m);
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                classPath));
        // Same intra-op thread count: libtorch's CPU kernels split sums by thread, which changes rounding.
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        if (threads != null) {
            cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
        }
        cmd.add(RoundTripChild.class.getName());
        cmd.add(dir.toString());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        assertThat(p.exitValue())
                .as(
                        "child exit code; log:%n%s",
                        readLog(dir.resolve("child.log").toFile()))
                .isZero();
        byte[] actual = Files.readAllBytes(dir.resolve("child-output.bin"));
        assertThat(actual).hasSize((int) new Shape(2, 1, 32, 32).size() * 4).isEqualTo(expected);
    }

    private static String readLog(File f) throws Exception {
        return f.exists() ? Files.readString(f.toPath()) : "(no log)";
    }
}
