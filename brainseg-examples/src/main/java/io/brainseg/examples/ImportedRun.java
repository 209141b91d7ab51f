package io.brainseg.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes an imported network as a run directory that {@code evaluate}, {@code predict},
 * {@code serve} and {@link io.brainseg.core.predict.SegmentationPredictor} read: the layout of
 * {@link Checkpoint} in {@code RUN/best/} ({@code spec.json}, {@code parameters.params} in DJL's
 * format, {@code checkpoint.json} with the parameters' SHA-256, names and shapes), written
 * atomically with {@link AtomicFiles}, plus {@code RUN/import.json} recording where the weights
 * came from. There is no optimizer state: such a run can be evaluated and served, and fine-tuned
 * by building a trainer on the loaded block, but not resumed.
 */
final class ImportedRun {

    /** Provenance file in the run directory. */
    static final String IMPORT = "import.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ImportedRun() {}

    /**
     * Writes the run.
     *
     * @param run the run directory (created; an existing {@code best/} is replaced)
     * @param block the initialised network
     * @param spec its spec
     * @param inputShape {@code 1×C×H×W} the predictor initialises with
     * @param threshold binarisation threshold on the sigmoid
     * @param provenance what {@code import.json} records
     * @throws IOException if writing fails (a previous {@code best/} is then intact)
     */
    static void write(Path run, Block block, ModelSpec spec, Shape inputShape, double threshold, JsonObject provenance)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        byte[] params = bytes.toByteArray();
        JsonObject meta = new JsonObject();
        meta.addProperty("format", 1);
        // -1: no epoch was trained in this run; the weights were imported.
        meta.addProperty("epoch", -1);
        meta.add("inputShape", shape(inputShape));
        meta.addProperty("threshold", threshold);
        meta.addProperty("parametersSha256", sha256(params));
        meta.addProperty("blockClass", block.getClass().getName());
        JsonArray list = new JsonArray();
        for (Pair<String, Parameter> p : block.getParameters()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", p.getKey());
            o.add("shape", shape(p.getValue().getArray().getShape()));
            list.add(o);
        }
        meta.add("parameters", list);
        meta.add("versions", versions());
        Files.createDirectories(run);
        AtomicFiles.replaceDirectory(run.resolve(Checkpoint.BEST), dir -> {
            AtomicFiles.writeBytes(dir.resolve(Checkpoint.PARAMETERS), params);
            AtomicFiles.writeString(dir.resolve(Checkpoint.SPEC), spec.toJson());
            // Metadata last: its presence marks the checkpoint as complete.
            AtomicFiles.writeString(dir.resolve(Checkpoint.META), GSON.toJson(meta));
        });
        AtomicFiles.writeString(run.resolve(IMPORT), GSON.toJson(provenance));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static JsonArray shape(Shape s) {
        JsonArray a = new JsonArray();
        for (long d : s.getShape()) {
            a.add(d);
        }
        return a;
    }

    private static JsonObject versions() {
        JsonObject o = new JsonObject();
        String v = ImportedRun.class.getPackage().getImplementationVersion();
        o.addProperty("brainseg", v == null ? "development" : v);
        o.addProperty("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        o.addProperty("engine", engine.getEngineName());
        o.addProperty("engineVersion", engine.getVersion());
        o.addProperty("java", System.getProperty("java.version"));
        o.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return o;
    }
}
