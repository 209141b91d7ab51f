package io.brainseg.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code bin/brainseg} command line: a picocli top command whose work is done by subcommand
 * classes (one per file; add new ones to {@code subcommands}).
 *
 * <pre>
 * bin/brainseg quickstart [--work DIR]   # synthetic dataset and its summary
 * bin/brainseg help quickstart
 * </pre>
 */
@Command(name = "brainseg", mixinStandardHelpOptions = true, version = "brainseg 0.1.0-SNAPSHOT",
        description = "Lower-grade glioma segmentation in brain MRI on DJL.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class BrainsegCli implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand, prints the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Builds the command line, for {@link #main} and for tests (which capture its output with
     * {@link CommandLine#setOut}).
     *
     * @return a configured command line
     */
    public static CommandLine commandLine() {
        return new CommandLine(new BrainsegCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * Runs the command line and exits with its exit code (0 on success).
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
