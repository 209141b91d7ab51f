package io.brainseg.examples;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.models.interop.MonaiExport;
import io.brainseg.models.interop.MonaiKeys;
import java.io.PrintWriter;
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
 * {@code brainseg export}: writes a run's best network under MONAI's state-dict keys, as
 * safetensors ({@code .safetensors}) or as {@code torch.save(model.state_dict())} would
 * ({@code .pt}, {@code .pth}), so that MONAI's {@code UNet}/{@code AttentionUnet} with the same
 * settings loads it with {@code load_state_dict}.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export a run's network as MONAI weights (.safetensors or .pt/.pth).")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOption runOption;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "FILE",
            description = "Target file: .safetensors, or .pt/.pth for torch.load.")
    private Path to;

    @Override
    public Integer call() throws Exception {
        String name = to.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean safetensors = name.endsWith(".safetensors");
        if (!safetensors && !name.endsWith(".pt") && !name.endsWith(".pth")) {
            throw new ParameterException(spec.commandLine(), "--to must end with .safetensors, .pt or .pth, got " + to);
        }
        Checkpoint cp = Checkpoint.read(Checkpoint.locate(runOption.run));
        PrintWriter w = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = cp.loadBlock(manager);
            if (safetensors) {
                MonaiExport.toSafetensors(block, to);
            } else {
                MonaiExport.toTorchStateDict(block, to);
            }
            w.printf(
                    Locale.ROOT,
                    "exported %s (%d tensors, MONAI keys) from %s to %s%n",
                    cp.getSpec().getArchitecture(),
                    MonaiKeys.of(block).keys().size(),
                    cp.getDirectory(),
                    to.toAbsolutePath());
        }
        w.flush();
        return 0;
    }
}
