package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QuickstartCommandTest {

    @TempDir
    Path tmp;

    private static String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = BrainsegCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        assertThat(cli.execute(args)).as(out::toString).isEqualTo(expectedExit);
        return out.toString();
    }

    @Test
    void quickstartWithDefaultsWritesTheDatasetAndPrintsTheSummaryPerSet() {
        String out = run(0, "quickstart", "--work", tmp.toString());
        assertThat(tmp.resolve("kaggle_3m/data.csv")).exists();
        assertThat(out).contains("Synthetic kaggle_3m dataset written to " + tmp.resolve("kaggle_3m"),
                "12 patients, 192 slices", "train: 9 patients, 144 slices",
                "validation: 3 patients, 48 slices", "all: 12 patients, 192 slices, 72 with tumour (37.5%)",
                "FLAIR", "pre-contrast", "post-contrast");
    }

    @Test
    void optionsChangeTheDataset() throws Exception {
        String out = run(0, "quickstart", "--work", tmp.toString(), "--patients", "4", "--slices", "5",
                "--size", "32", "--val-fraction", "0.5");
        assertThat(out).contains("train: 2 patients, 10 slices", "validation: 2 patients, 10 slices");
        try (var files = Files.list(tmp.resolve("kaggle_3m"))) {
            assertThat(files.filter(Files::isDirectory)).hasSize(4);
        }
    }

    @Test
    void noSubcommandPrintsUsageAndBadOptionFails() {
        assertThat(run(0)).contains("Usage: brainseg", "quickstart");
        assertThat(run(2, "quickstart", "--size", "many")).contains("--size");
    }
}
