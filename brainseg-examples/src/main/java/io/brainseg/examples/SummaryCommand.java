package io.brainseg.examples;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg summary}: parameter count and convolution multiply-adds per slice of the
 * command line's networks (channels f..16f, strides 2×4).
 */
@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = "Parameter count and multiply-adds per slice of UNet / Attention UNet.")
public final class SummaryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private NetworkOptions network;

    @Option(
            names = "--size",
            defaultValue = "256",
            description = "Slice side S of the 1×3×S×S input (default: ${DEFAULT-VALUE}).")
    private int size;

    @Override
    public Integer call() {
        ModelChoice choice = network.model;
        int filters = network.filters;
        int resUnits = network.resUnits;
        if (filters < 1) {
            throw new ParameterException(spec.commandLine(), "--filters must be >= 1, got " + filters);
        }
        if (size < 16 || size % 16 != 0) {
            throw new ParameterException(
                    spec.commandLine(), "--size must be a positive multiple of 16 (four stride-2 levels), got " + size);
        }
        ModelSummary s = ModelSummary.of(choice.build(filters, resUnits, 0.0), 3, size);
        PrintWriter w = spec.commandLine().getOut();
        String layout = choice == ModelChoice.UNET ? ", " + resUnits + " residual units" : "";
        w.printf(
                Locale.ROOT,
                "%s, channels %d..%d, strides 2x4%s, input 1x3x%dx%d%n",
                choice,
                filters,
                16 * filters,
                layout,
                size,
                size);
        w.printf(Locale.ROOT, "parameters:              %,d%n", s.parameters());
        w.printf(
                Locale.ROOT,
                "conv multiply-adds/slice: %,d (%.2f GMACs, %.2f GFLOPs; %d convolutions)%n",
                s.convMacs(),
                s.convMacs() / 1e9,
                2 * s.convMacs() / 1e9,
                s.convolutions());
        w.flush();
        return 0;
    }
}
