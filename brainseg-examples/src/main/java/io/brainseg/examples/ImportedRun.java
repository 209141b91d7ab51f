package io.brainseg.examples;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.task.BinarySegmentationTask;
import io.brainseg.core.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes an imported network as a run directory that {@code evaluate}, {@code predict},
 * {@code serve} and {@link io.brainseg.core.predict.SegmentationPredictor} read: a checkpoint in
 * {@code RUN/best/} written by {@link Checkpoint#writeWeights} (the trainer's own layout and
 * checksums), plus {@code RUN/import.json} recording where the weights came from. There is no
 * optimizer state: such a run can be evaluated and served, and fine-tuned by building a trainer on
 * the loaded block, but not resumed.
 */
final class ImportedRun {

    /** Provenance file in the run directory. */
    static final String IMPORT = "import.json";

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

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
        Files.createDirectories(run);
        Checkpoint.writeWeights(
                run.resolve(Checkpoint.BEST),
                block,
                spec,
                inputShape,
                BinarySegmentationTask.builder().optThreshold(threshold).build());
        AtomicFiles.writeString(run.resolve(IMPORT), GSON.toJson(provenance));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
