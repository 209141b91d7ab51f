package io.brainseg.examples;

import io.brainseg.core.data.LggDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code bin/brainseg} command line: a picocli top command whose work is done by subcommand
 * classes (one per file; add new ones to {@code subcommands}).
 *
 * <pre>
 * bin/brainseg quickstart                       # synthetic data, ~3 min of training, report.html
 * bin/brainseg eda --data ZIP --out DIR          # exploratory figures
 * bin/brainseg train --data ZIP --val-patients SPLIT.md
 * bin/brainseg evaluate --run DIR --data ZIP --patients SPLIT.md
 * bin/brainseg predict --run DIR --input DIR --output DIR
 * bin/brainseg summary --model unet --filters 16
 * bin/brainseg help quickstart
 * </pre>
 *
 * <p>Exit codes: 0 success, 2 bad arguments (with the usage), 1 bad or missing data or files (a
 * one-line message naming the file), other failures with their stack trace.
 */
@Command(name = "brainseg", mixinStandardHelpOptions = true, version = "brainseg 0.1.0-SNAPSHOT",
        description = "Lower-grade glioma segmentation in brain MRI on DJL.",
        subcommands = {QuickstartCommand.class, EdaCommand.class, TrainCommand.class, EvaluateCommand.class,
            PredictCommand.class, SummaryCommand.class, TuneCommand.class, CommandLine.HelpCommand.class})
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
        return new CommandLine(new BrainsegCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(BrainsegCli::handle);
    }

    /**
     * Turns the expected failures (bad or missing data, wrong values, unreadable files) into one
     * line on stderr and exit code 1; anything else is a bug and keeps its stack trace.
     */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof LggDataException || e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof UncheckedIOException) {
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            if (e instanceof UncheckedIOException && e.getCause() != null && e.getCause().getMessage() != null) {
                message += ": " + e.getCause().getMessage();
            }
            cmd.getErr().println(cmd.getColorScheme().errorText(cmd.getCommandName() + ": error: " + message));
            cmd.getErr().flush();
            return 1;
        }
        throw e;
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
