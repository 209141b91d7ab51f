package io.brainseg.examples;

import picocli.CommandLine.Option;

/**
 * The network options shared by {@code train} and {@code summary} ({@code --model},
 * {@code --filters}, {@code --res-units}), as a picocli mixin.
 */
final class NetworkOptions {

    @Option(
            names = "--model",
            defaultValue = "unet",
            converter = ModelChoice.Converter.class,
            description = "unet or attention-unet (default: ${DEFAULT-VALUE}).")
    ModelChoice model;

    @Option(names = "--filters", defaultValue = "16", description = "f: channels f..16f (default: ${DEFAULT-VALUE}).")
    int filters;

    @Option(names = "--res-units", defaultValue = "2", description = "UNet residual units (default: ${DEFAULT-VALUE}).")
    int resUnits;
}
