package io.brainseg.examples;

import io.brainseg.core.train.TrainingDivergedException;
import io.brainseg.data.LggDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code bin/brainseg} command line: a picocli top command whose work is done by subcommand
 * classes (one per file; add new ones to {@code subcommands}).
 *
 * <pre>
 * bin/brainseg quickstart                       # synthetic data, ~3 min of training, report.html
 * bin/brainseg check --data ZIP                  # every bad slice of a dataset at once
 * bin/brainseg eda --data ZIP --out DIR          # exploratory figures
 * bin/brainseg train --data ZIP --val-patients SPLIT.md
 * bin/brainseg evaluate --run DIR --data ZIP --patients SPLIT.md
 * bin/brainseg predict --run DIR --input DIR --output DIR
 * bin/brainseg summary --model unet --filters 16
 * bin/brainseg import --weights model.ckpt --model unet --filters 32 --out RUN
 * bin/brainseg export --run RUN --to model.safetensors
 * bin/brainseg serve --run DIR [--port 8080]      # HTTP endpoint, see docs/serving.md
 * bin/brainseg help quickstart
 * </pre>
 *
 * <p>Exit codes: 0 success, 2 bad arguments (with the usage), 1 a user error — bad or missing data
 * or files, a damaged checkpoint, a run directory in use or already holding a run, a diverged
 * training — printed as one line naming the file or value (with {@code --debug}, followed by the
 * stack trace); any other failure is a bug and keeps its stack trace.
 */
@Command(
        name = "brainseg",
        mixinStandardHelpOptions = true,
        version = "brainseg 0.1.0-SNAPSHOT",
        description = "Lower-grade glioma segmentation in brain MRI on DJL.",
        subcommands = {
            QuickstartCommand.class,
            CheckCommand.class,
            EdaCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            SummaryCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            ServeCommand.class,
            TuneCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BrainsegCli implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "Print the stack trace of user errors too (bugs always print theirs).")
    private boolean debug;

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
        return new CommandLine(new BrainsegCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(BrainsegCli::handle);
    }

    /**
     * Turns the expected failures (bad or missing data, wrong values, unreadable files) into one
     * line on stderr and exit code 1; anything else is a bug and keeps its stack trace.
     */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (isUserError(e)) {
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            if (e instanceof UncheckedIOException
                    && e.getCause() != null
                    && e.getCause().getMessage() != null) {
                message += ": " + e.getCause().getMessage();
            }
            cmd.getErr().println(cmd.getColorScheme().errorText(cmd.getCommandName() + ": error: " + message));
            if (isDebug(parsed)) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        }
        throw e;
    }

    /**
     * Tells whether {@code e} is the user's to fix (input data, files, settings, a run directory in
     * use, a diverged run) rather than a bug. Checkpoint and run-directory problems are
     * {@link IllegalArgumentException}s; divergence is reported by {@link TrainingDivergedException}.
     */
    static boolean isUserError(Exception e) {
        return e instanceof LggDataException
                || e instanceof IllegalArgumentException
                || e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof TrainingDivergedException;
    }

    private static boolean isDebug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
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
