package io.brainseg.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --run DIR} option of {@code export} and {@code serve}, as a picocli mixin: a run
 * directory or one of its checkpoint directories, whose best checkpoint (or the checkpoint itself)
 * the command reads. {@code evaluate} and {@code predict} take {@link CheckpointOption} instead,
 * which also lets the user choose between the best and the last checkpoint.
 */
final class RunOption {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory (or checkpoint).")
    Path run;
}
