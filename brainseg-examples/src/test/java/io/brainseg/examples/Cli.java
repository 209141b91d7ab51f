package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.data.SyntheticLgg;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs the command line in-process and captures what it prints; shared fixtures for the command tests. */
final class Cli {

    /** What a run printed. */
    record Output(String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Path tinyRun;
    private static Path tinyData;

    private Cli() {}

    static Output run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BrainsegCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertThat(code)
                .as(() -> "exit code of " + String.join(" ", args) + "\n" + out + err)
                .isEqualTo(expectedExit);
        return new Output(out.toString(), err.toString());
    }

    /** Writes a small synthetic kaggle_3m dataset (32×32) and returns its folder. */
    static Path syntheticData(Path dir, int patients, int slices) {
        return syntheticData(dir, patients, slices, 32);
    }

    /** Like {@link #syntheticData(Path, int, int)} with {@code size×size} slices. */
    static Path syntheticData(Path dir, int patients, int slices, int size) {
        return SyntheticLgg.builder()
                .optPatients(patients)
                .optSlicesPerPatient(slices)
                .optSize(size)
                .optTumourFraction(0.5)
                .optSeed(7)
                .build()
                .write(dir);
    }

    /** The number after {@code label} in {@code text}, for example {@code "per-slice Dice     0.7312"}. */
    static double number(String text, String label) {
        Matcher m =
                Pattern.compile(Pattern.quote(label) + "\\s*:?\\s*([-0-9.,]+)").matcher(text);
        assertThat(m.find())
                .as("'%s' followed by a number in:%n%s", label, text)
                .isTrue();
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    /** A 32×32 dataset of 4 patients and a run trained on it for one epoch, made once per JVM. */
    static synchronized Path tinyRun() throws Exception {
        if (tinyRun == null) {
            Path dir = Files.createTempDirectory("brainseg-tiny-run");
            tinyData = syntheticData(dir, 4, 6);
            Path run = dir.resolve("run");
            Cli.run(0, tinyTrain(tinyData, run, "--res-units", "1", "--val-fraction", "0.25"));
            tinyRun = run;
        }
        return tinyRun;
    }

    /**
     * The arguments of a {@code train} that takes seconds: a 4-filter UNet without residual units, one
     * epoch in batches of 4 on whole 32×32 slices of {@code data}, into {@code out}, quiet; then
     * {@code more}, merged as {@link #with} does.
     */
    static String[] tinyTrain(Path data, Path out, String... more) {
        String[] base = {
            "train",
            "--data",
            data.toString(),
            "--size",
            "32",
            "--crop",
            "32",
            "--filters",
            "4",
            "--res-units",
            "0",
            "--epochs",
            "1",
            "--batch",
            "4",
            "--quiet",
            "--out",
            out.toString()
        };
        return with(base, more);
    }

    /**
     * The arguments of an {@code evaluate} of {@link #tinyRun()} on its own 32×32 data into
     * {@code out}; then {@code more}, merged as {@link #with} does.
     */
    static String[] tinyEvaluate(Path out, String... more) throws Exception {
        String[] base = {
            "evaluate",
            "--run",
            tinyRun().toString(),
            "--data",
            tinyData().toString(),
            "--size",
            "32",
            "--out",
            out.toString()
        };
        return with(base, more);
    }

    /**
     * {@code base} with {@code more}: an option of {@code more} that {@code base} already has replaces
     * its value there (picocli refuses a single-valued option given twice), every other argument is
     * appended in order. An option's value is the next argument when that does not start with
     * {@code --}; otherwise the option is a flag.
     */
    static String[] with(String[] base, String... more) {
        List<String> args = new ArrayList<>(Arrays.asList(base));
        for (int i = 0; i < more.length; i++) {
            String arg = more[i];
            boolean hasValue = arg.startsWith("--") && i + 1 < more.length && !more[i + 1].startsWith("--");
            int at = arg.startsWith("--") ? args.indexOf(arg) : -1;
            if (at >= 0 && hasValue && at + 1 < args.size() && !args.get(at + 1).startsWith("--")) {
                args.set(at + 1, more[++i]);
            } else if (at >= 0 && !hasValue) {
                continue; // a flag base already sets
            } else {
                args.add(arg);
                if (hasValue) {
                    args.add(more[++i]);
                }
            }
        }
        return args.toArray(String[]::new);
    }

    static synchronized Path tinyData() throws Exception {
        tinyRun();
        return tinyData;
    }
}
