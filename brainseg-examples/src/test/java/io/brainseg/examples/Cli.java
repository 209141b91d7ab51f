package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.data.SyntheticLgg;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return SyntheticLgg.builder()
                .optPatients(patients)
                .optSlicesPerPatient(slices)
                .optSize(32)
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
            Cli.run(
                    0,
                    "train",
                    "--data",
                    tinyData.toString(),
                    "--size",
                    "32",
                    "--crop",
                    "32",
                    "--filters",
                    "4",
                    "--res-units",
                    "1",
                    "--epochs",
                    "1",
                    "--batch",
                    "4",
                    "--val-fraction",
                    "0.25",
                    "--quiet",
                    "--out",
                    run.toString());
            tinyRun = run;
        }
        return tinyRun;
    }

    static synchronized Path tinyData() throws Exception {
        tinyRun();
        return tinyData;
    }
}
