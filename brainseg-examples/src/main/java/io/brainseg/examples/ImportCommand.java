package io.brainseg.examples;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.model.ModelSpecProvider;
import io.brainseg.models.interop.MonaiImport;
import io.brainseg.models.interop.WeightFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg import}: loads MONAI weights (safetensors, a {@code torch.save}d state dict, or
 * a Lightning checkpoint) into the matching brainseg network, checking every key, shape and
 * dtype, and writes a run directory that {@code evaluate}, {@code predict} and {@code serve} take
 * (see {@link ImportedRun}).
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Import MONAI weights (.safetensors, .pt/.pth, Lightning .ckpt) into a run directory.")
public final class ImportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--weights",
            required = true,
            paramLabel = "FILE",
            description = "The weight file: safetensors, torch.save(model.state_dict()) or a Lightning checkpoint.")
    private Path weights;

    @Mixin
    private NetworkOptions network;

    @Option(
            names = "--dropout",
            defaultValue = "0",
            description = "Dropout of the network (default: ${DEFAULT-VALUE}); "
                    + "it has no parameters, so only fine-tuning sees it.")
    private double dropout;

    @Option(
            names = "--prefix",
            paramLabel = "PREFIX",
            description = "Key prefix in front of MONAI's keys, e.g. '_model.' (default: detected; '' for none).")
    private String prefix;

    @Option(
            names = "--size",
            defaultValue = "256",
            description = "Slice side the run's predictor expects "
                    + "(default: ${DEFAULT-VALUE}); any multiple of 16 works at prediction time.")
    private int size;

    @Option(
            names = "--threshold",
            defaultValue = "0.5",
            description = "Probability threshold of the run (default: ${DEFAULT-VALUE}).")
    private double threshold;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory to create.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (network.filters < 1) {
            throw new ParameterException(spec.commandLine(), "--filters must be >= 1, got " + network.filters);
        }
        if (size < 16 || size % 16 != 0) {
            throw new ParameterException(spec.commandLine(), "--size must be a positive multiple of 16, got " + size);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be in (0, 1), got " + threshold);
        }
        if (Files.isRegularFile(out.resolve("best").resolve("checkpoint.json"))) {
            throw new IllegalArgumentException(
                    out + " already holds a run (best/checkpoint.json); choose another --out");
        }
        ModelSpec modelSpec =
                ((ModelSpecProvider) network.model.build(network.filters, network.resUnits, dropout)).getSpec();
        PrintWriter w = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = MonaiImport.builder()
                    .setFile(weights)
                    .setSpec(modelSpec)
                    .optPrefix(prefix)
                    .build()
                    .load(manager);
            JsonObject provenance = new JsonObject();
            provenance.addProperty("source", weights.toAbsolutePath().toString());
            provenance.addProperty("sourceSha256", ImportedRun.sha256(Files.readAllBytes(weights)));
            provenance.addProperty("format", WeightFiles.detect(weights).name());
            provenance.addProperty("prefix", prefix != null ? prefix : "(detected)");
            provenance.addProperty("spec", modelSpec.toJson());
            ImportedRun.write(out, block, modelSpec, new Shape(1, 3, size, size), threshold, provenance);
            long params = block.getParameters().stream()
                    .filter(p -> p.getValue().requiresGradient())
                    .mapToLong(p -> p.getValue().getArray().size())
                    .sum();
            w.printf(
                    Locale.ROOT,
                    "imported %s (%s, %,d parameters) from %s%nrun: %s%n",
                    network.model,
                    WeightFiles.detect(weights) == WeightFiles.Format.SAFETENSORS ? "safetensors" : "torch.save zip",
                    params,
                    weights,
                    out.toAbsolutePath());
        }
        w.flush();
        return 0;
    }
}
