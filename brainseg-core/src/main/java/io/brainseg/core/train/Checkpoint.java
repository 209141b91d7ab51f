package io.brainseg.core.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.model.ModelRegistry;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.task.BinarySegmentationTask;
import io.brainseg.core.task.SegmentationTask;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A checkpoint directory: everything needed to rebuild a trained network without the training
 * code, and to continue training exactly.
 *
 * <pre>
 *   spec.json          the {@link ModelSpec} (architecture + hyper-parameters)
 *   parameters.params  the block's parameters (DJL's {@link Block#saveParameters} format)
 *   checkpoint.json    epoch, input shape, threshold, parameter names and shapes, SHA-256 of
 *                      parameters.params, versions
 *   optimizer.ndlist   the optimizer's moments (absent for a model-only checkpoint)
 *   state.json         training state: optimizer step count and the history of epochs
 * </pre>
 * A trainer writes the whole directory atomically (see {@link AtomicFiles#replaceDirectory}), so a
 * crash leaves either the previous or the new checkpoint, never a mix.
 */
public final class Checkpoint {

    /** File of the model spec. */
    public static final String SPEC = "spec.json";
    /** File of the parameters. */
    public static final String PARAMETERS = "parameters.params";
    /** File of the checkpoint's metadata. */
    public static final String META = "checkpoint.json";
    /** File of the optimizer moments. */
    public static final String OPTIMIZER = "optimizer.ndlist";
    /** File of the training state. */
    public static final String STATE = "state.json";
    /** Name of the best checkpoint inside a run directory. */
    public static final String BEST = "best";
    /** Name of the last checkpoint inside a run directory. */
    public static final String LAST = "last";

    static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .create();
    private static final int FORMAT = 1;

    private final Path dir;
    private final JsonObject meta;
    private final ModelSpec spec;

    private Checkpoint(Path dir, JsonObject meta, ModelSpec spec) {
        this.dir = dir;
        this.meta = meta;
        this.spec = spec;
    }

    /**
     * Finds the checkpoint to serve in {@code path}: the directory itself if it holds
     * {@code checkpoint.json}, else its {@code best/}. A {@code best/} that is missing or damaged is
     * an error, never a silent fall-back to {@code last/}: ask for that one with
     * {@link #locate(Path, String) locate(run, "last")}.
     *
     * @param path a run directory or a checkpoint directory
     * @return the checkpoint directory
     * @throws CheckpointException if no complete checkpoint is found (the message names the file
     *     looked for and how to choose another checkpoint)
     */
    public static Path locate(Path path) {
        if (Files.isRegularFile(path.resolve(META))) {
            return path;
        }
        return locate(path, BEST);
    }

    /**
     * Finds a named checkpoint of a run directory, {@code best} or {@code last}.
     *
     * @param runDir a run directory
     * @param name {@value #BEST} or {@value #LAST}
     * @return the checkpoint directory
     * @throws IllegalArgumentException if the name is neither
     * @throws CheckpointException if that checkpoint is missing or has no {@code checkpoint.json}
     */
    public static Path locate(Path runDir, String name) {
        if (!BEST.equals(name) && !LAST.equals(name)) {
            throw new IllegalArgumentException(
                    "checkpoint name must be '" + BEST + "' or '" + LAST + "', got '" + name + "'");
        }
        Path d = AtomicFiles.resolveDirectory(runDir.resolve(name));
        if (!Files.isDirectory(d)) {
            String other = BEST.equals(name) ? LAST : BEST;
            boolean hasOther = Files.isDirectory(AtomicFiles.resolveDirectory(runDir.resolve(other)));
            throw new CheckpointException(
                    runDir.resolve(name),
                    "no such checkpoint in " + runDir
                            + (hasOther
                                    ? " (it has " + other
                                            + "/: choose it explicitly, e.g. SegmentationPredictor.load(run, \"" + other
                                            + "\"))"
                                    : " (expected a run directory or a checkpoint directory holding " + META + ")"));
        }
        if (!Files.isRegularFile(d.resolve(META))) {
            throw new CheckpointException(
                    d.resolve(META),
                    "missing: the " + name + " checkpoint is damaged or "
                            + "incomplete (its metadata is written last, so it was never finished or was deleted)");
        }
        return d;
    }

    /**
     * Reads the metadata and the spec of a checkpoint directory.
     *
     * @param dir a checkpoint directory
     * @return the checkpoint
     * @throws CheckpointException if {@code checkpoint.json} is missing or malformed, or
     *     {@code spec.json} is malformed or was deleted (the message names the file)
     * @throws UncheckedIOException if a file cannot be read
     */
    public static Checkpoint read(Path dir) {
        JsonObject meta = readJson(dir.resolve(META), "the checkpoint's metadata");
        if (!meta.has("format")
                || !meta.get("format").isJsonPrimitive()
                || meta.get("format").getAsInt() != FORMAT) {
            throw new CheckpointException(
                    dir.resolve(META), "has format " + meta.get("format") + "; this version reads format " + FORMAT);
        }
        Path specFile = dir.resolve(SPEC);
        if (!Files.isRegularFile(specFile)) {
            if (meta.has("hasSpec") && meta.get("hasSpec").getAsBoolean()) {
                throw new CheckpointException(
                        specFile,
                        "missing: " + dir.resolve(META) + " records a model spec "
                                + "but the file was deleted, so the architecture cannot be rebuilt");
            }
            return new Checkpoint(dir, meta, null);
        }
        ModelSpec spec;
        try {
            spec = ModelSpec.fromJson(Files.readString(specFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + specFile, e);
        } catch (RuntimeException e) {
            throw new CheckpointException(specFile, "malformed model spec: " + e.getMessage(), e);
        }
        return new Checkpoint(dir, meta, spec);
    }

    /**
     * Returns the checkpoint directory.
     *
     * @return the directory
     */
    public Path getDirectory() {
        return dir;
    }

    /**
     * Returns the model spec.
     *
     * @return the spec read from {@code spec.json}
     * @throws CheckpointException if the checkpoint has no {@code spec.json} (the message names
     *     the file)
     */
    public ModelSpec getSpec() {
        if (spec == null) {
            throw new CheckpointException(
                    dir.resolve(SPEC),
                    "missing (the model spec of checkpoint " + dir
                            + "). The model was not a ModelSpecProvider when it was trained, "
                            + "so the architecture cannot be rebuilt; load the parameters into your own block with "
                            + "loadParametersInto instead");
        }
        return spec;
    }

    /**
     * Tells whether the checkpoint holds a model spec.
     *
     * @return true if {@code spec.json} is present
     */
    public boolean hasSpec() {
        return spec != null;
    }

    /**
     * Returns the epoch (0-based) after which this checkpoint was written.
     *
     * @return the epoch
     */
    public int getEpoch() {
        return meta.get("epoch").getAsInt();
    }

    /**
     * Returns the input shape the block was initialised with, {@code 1×C×H×W}.
     *
     * @return the shape
     */
    public Shape getInputShape() {
        return toShape(meta.getAsJsonArray("inputShape"));
    }

    /**
     * Returns the binarisation threshold used in training.
     *
     * @return the threshold on the sigmoid
     */
    public double getThreshold() {
        return meta.get("threshold").getAsDouble();
    }

    /**
     * Returns the description of the task the network was trained for ({@code {class, config}}).
     *
     * @return the task as recorded, or null for checkpoints written before tasks were recorded
     */
    public JsonObject getTask() {
        return meta.has("task") ? meta.getAsJsonObject("task").deepCopy() : null;
    }

    /**
     * Rebuilds the block from the spec, initialises it on {@code manager} and loads the parameters.
     *
     * @param manager owns the parameters
     * @return the block, ready for inference
     * @throws CheckpointException if the architecture is unknown, the parameter file is
     *     missing or corrupt, or its parameters do not match the rebuilt block (the message names the
     *     file and the mismatch)
     */
    public Block loadBlock(NDManager manager) {
        Block block;
        ModelSpec spec = getSpec();
        try {
            block = ModelRegistry.newBlock(spec);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(dir.resolve(SPEC), e.getMessage(), e);
        }
        block.initialize(manager, DataType.FLOAT32, getInputShape());
        loadParametersInto(block, manager);
        return block;
    }

    /**
     * Loads {@code parameters.params} into an initialised block after checking names, shapes and
     * the file's checksum.
     *
     * @param block an initialised block of the checkpoint's architecture
     * @param manager the manager of the parameters
     * @throws CheckpointException on a missing or corrupt file or a mismatch (named)
     */
    public void loadParametersInto(Block block, NDManager manager) {
        Path file = dir.resolve(PARAMETERS);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, "missing (the parameters of checkpoint " + dir + ")");
        }
        checkParameters(block, file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String expected =
                meta.has("parametersSha256") ? meta.get("parametersSha256").getAsString() : null;
        String actual = sha256(bytes);
        if (expected != null && !expected.equals(actual)) {
            throw new CheckpointException(
                    file,
                    "corrupt or replaced: its SHA-256 is " + actual + " but " + dir.resolve(META) + " records "
                            + expected);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new ByteArrayInputStream(bytes)))) {
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new CheckpointException(
                    file, "cannot be loaded into " + describeBlock(block) + ": " + e.getMessage(), e);
        }
    }

    private void checkParameters(Block block, Path file) {
        JsonArray saved = meta.getAsJsonArray("parameters");
        List<Pair<String, Parameter>> actual = new ArrayList<>();
        block.getParameters().forEach(actual::add);
        if (saved.size() != actual.size()) {
            throw new CheckpointException(
                    file,
                    "holds " + saved.size() + " parameters but " + describeBlock(block) + " has " + actual.size());
        }
        for (int i = 0; i < saved.size(); i++) {
            JsonObject p = saved.get(i).getAsJsonObject();
            String name = p.get("name").getAsString();
            Shape shape = toShape(p.getAsJsonArray("shape"));
            Pair<String, Parameter> a = actual.get(i);
            Shape actualShape = a.getValue().getArray().getShape();
            if (!name.equals(a.getKey()) || !shape.equals(actualShape)) {
                throw new CheckpointException(
                        file,
                        "does not match " + describeBlock(block) + ": parameter #"
                                + i + " is '" + name + "' " + shape + " in the file but '" + a.getKey() + "' "
                                + actualShape
                                + " in the block");
            }
        }
    }

    private String describeBlock(Block block) {
        return spec != null
                ? "the block rebuilt from " + dir.resolve(SPEC) + " (" + spec + ")"
                : "the block " + block.getClass().getSimpleName();
    }

    /**
     * Writes a checkpoint of weights that were not trained in this run (imported from another
     * framework, say): the same layout and checksums as a training checkpoint, epoch -1, no
     * optimizer or training state, so it can be evaluated, served and fine-tuned but not resumed.
     *
     * @param target the directory to create or replace, for example {@code RUN/best}
     * @param block the initialised block
     * @param spec its spec, so a predictor can rebuild the block
     * @param inputShape the shape the block was initialised with
     * @param task the task the weights serve (its threshold, if binary, is the predictor's default)
     * @throws IOException if writing fails; a previous checkpoint is then intact
     */
    public static void writeWeights(Path target, Block block, ModelSpec spec, Shape inputShape, SegmentationTask task)
            throws IOException {
        write(target, block, spec, inputShape, -1, task, null, null);
    }

    /**
     * Writes a checkpoint directory atomically.
     *
     * @param target the directory to create or replace
     * @param block the initialised block
     * @param spec its spec, or null if the block cannot describe itself (then no {@code spec.json})
     * @param inputShape the shape the block was initialised with
     * @param epoch the epoch just completed
     * @param task the task the network is trained for (its threshold, if binary, is what a
     *     predictor uses by default)
     * @param optimizerState the encoded optimizer moments, or null
     * @param state the training state, or null
     * @throws IOException if writing fails; the previous checkpoint is then intact
     */
    static void write(
            Path target,
            Block block,
            ModelSpec spec,
            Shape inputShape,
            int epoch,
            SegmentationTask task,
            byte[] optimizerState,
            JsonObject state)
            throws IOException {
        double threshold = task instanceof BinarySegmentationTask b ? b.getThreshold() : Double.NaN;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        byte[] params = bytes.toByteArray();
        JsonObject meta = new JsonObject();
        meta.addProperty("format", FORMAT);
        meta.addProperty("epoch", epoch);
        meta.add("inputShape", toJson(inputShape));
        meta.addProperty("threshold", threshold);
        meta.add("task", RunConfig.describe(task));
        meta.addProperty("hasSpec", spec != null);
        if (optimizerState != null) {
            meta.addProperty("optimizerSha256", sha256(optimizerState));
        }
        meta.addProperty("parametersSha256", sha256(params));
        meta.addProperty("blockClass", block.getClass().getName());
        JsonArray list = new JsonArray();
        for (Pair<String, Parameter> p : block.getParameters()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", p.getKey());
            o.add("shape", toJson(p.getValue().getArray().getShape()));
            list.add(o);
        }
        meta.add("parameters", list);
        meta.add("versions", RunInfo.versions());
        AtomicFiles.replaceDirectory(target, dir -> {
            AtomicFiles.writeBytes(dir.resolve(PARAMETERS), params);
            if (spec != null) {
                AtomicFiles.writeString(dir.resolve(SPEC), spec.toJson());
            }
            if (optimizerState != null) {
                AtomicFiles.writeBytes(dir.resolve(OPTIMIZER), optimizerState);
            }
            if (state != null) {
                AtomicFiles.writeString(dir.resolve(STATE), GSON.toJson(state));
            }
            // Metadata last: its presence marks the directory as complete.
            AtomicFiles.writeString(dir.resolve(META), GSON.toJson(meta));
        });
    }

    /**
     * Reads the training state saved with a checkpoint.
     *
     * @return the state
     * @throws CheckpointException if {@code state.json} is missing or malformed
     */
    JsonObject readState() {
        return readJson(dir.resolve(STATE), "the training state");
    }

    /**
     * Reads the optimizer moments.
     *
     * @return the encoded moments
     * @throws CheckpointException if {@code optimizer.ndlist} is missing, or truncated or corrupt
     *     (its SHA-256 differs from the one {@code checkpoint.json} records)
     */
    byte[] readOptimizerState() {
        Path file = dir.resolve(OPTIMIZER);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(
                    file, "missing (the optimizer state of checkpoint " + dir + "), so training cannot resume from it");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (meta.has("optimizerSha256")) {
            String expected = meta.get("optimizerSha256").getAsString();
            String actual = sha256(bytes);
            if (!expected.equals(actual)) {
                throw new CheckpointException(
                        file,
                        "truncated or corrupt (" + bytes.length + " bytes): its SHA-256 is " + actual + " but "
                                + dir.resolve(META) + " records " + expected);
            }
        }
        return bytes;
    }

    static JsonObject readJson(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, "missing (" + what + ")");
        }
        try {
            JsonElement el = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!el.isJsonObject()) {
                throw new CheckpointException(file, "must hold a JSON object (" + what + ")");
            }
            return el.getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonParseException e) {
            throw new CheckpointException(file, "not valid JSON (" + what + "): " + e.getMessage(), e);
        }
    }

    static JsonArray toJson(Shape shape) {
        JsonArray a = new JsonArray();
        for (long d : shape.getShape()) {
            a.add(d);
        }
        return a;
    }

    static Shape toShape(JsonArray a) {
        List<Long> dims = new ArrayList<>();
        a.forEach(e -> dims.add(e.getAsLong()));
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
