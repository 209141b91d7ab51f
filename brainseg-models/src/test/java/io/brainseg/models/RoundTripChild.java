package io.brainseg.models;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.brainseg.core.model.ModelRegistry;
import io.brainseg.core.model.ModelSpec;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The fresh JVM of {@link RoundTripTest}: rebuilds the block from {@code spec.json}, loads
 * {@code params.bin}, predicts on the shared input and writes {@code child-output.bin}.
 */
public final class RoundTripChild {

    private RoundTripChild() {}

    /**
     * Runs the child side.
     *
     * @param args the directory the parent wrote
     * @throws Exception on any failure (the parent sees a non-zero exit code)
     */
    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        ModelSpec spec = ModelSpec.fromJson(Files.readString(dir.resolve("spec.json"), StandardCharsets.UTF_8));
        Block block = ModelRegistry.newBlock(spec);
        try (NDManager m = NDManager.newBaseManager()) {
            try (InputStream in = Files.newInputStream(dir.resolve("params.bin"));
                    DataInputStream data = new DataInputStream(in)) {
                block.loadParameters(m, data);
            }
            byte[] out = RoundTripTest.predict(block, m);
            Files.write(dir.resolve("child-output.bin"), out);
        }
    }
}
