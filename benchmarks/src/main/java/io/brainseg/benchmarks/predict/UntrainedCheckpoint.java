package io.brainseg.benchmarks.predict;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brainseg.core.model.ModelSpecProvider;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a freshly initialised network as a checkpoint directory (spec, parameters, metadata in
 * the trainer's format 1) so a benchmark can load it with {@code SegmentationPredictor}: speed does
 * not depend on the weights' values, and training one first would take minutes.
 */
final class UntrainedCheckpoint {

    private UntrainedCheckpoint() {}

    /**
     * Writes the checkpoint.
     *
     * @param dir an empty or missing directory
     * @param net a network that is a {@link ModelSpecProvider}
     * @param inputShape the shape it is initialised for, {@code N×C×H×W}
     * @return {@code dir}
     * @throws IOException if writing fails
     */
    static Path write(Path dir, Block net, Shape inputShape) throws IOException {
        byte[] params;
        JsonArray list = new JsonArray();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, inputShape);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                net.saveParameters(out);
            }
            params = bytes.toByteArray();
            for (Pair<String, Parameter> p : net.getParameters()) {
                JsonObject o = new JsonObject();
                o.addProperty("name", p.getKey());
                o.add("shape", shape(p.getValue().getArray().getShape()));
                list.add(o);
            }
        }
        JsonObject meta = new JsonObject();
        meta.addProperty("format", 1);
        meta.addProperty("epoch", 0);
        meta.add("inputShape", shape(inputShape));
        meta.addProperty("threshold", 0.5);
        meta.addProperty("parametersSha256", sha256(params));
        meta.addProperty("blockClass", net.getClass().getName());
        meta.add("parameters", list);
        Files.createDirectories(dir);
        Files.write(dir.resolve("parameters.params"), params);
        Files.writeString(
                dir.resolve("spec.json"), ((ModelSpecProvider) net).getSpec().toJson(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("checkpoint.json"), meta.toString(), StandardCharsets.UTF_8);
        return dir;
    }

    private static JsonArray shape(Shape s) {
        JsonArray a = new JsonArray();
        for (long d : s.getShape()) {
            a.add(d);
        }
        return a;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
