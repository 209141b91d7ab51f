package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartCommandTest {

    @TempDir
    Path tmp;

    @Test
    void shrunkQuickstartGeneratesTrainsEvaluatesAndWritesAReport() throws Exception {
        Path run = tmp.resolve("run");
        String out = Cli.run(
                        0,
                        "quickstart",
                        "--work",
                        tmp.toString(),
                        "--patients",
                        "4",
                        "--slices",
                        "6",
                        "--size",
                        "32",
                        "--val-fraction",
                        "0.5",
                        "--filters",
                        "4",
                        "--epochs",
                        "1",
                        "--batch",
                        "4",
                        "--quiet",
                        "--out",
                        run.toString())
                .out();
        assertThat(tmp.resolve("kaggle_3m/data.csv")).exists();
        assertThat(out)
                .contains(
                        "Synthetic kaggle_3m dataset written to "
                                + tmp.resolve("kaggle_3m").toAbsolutePath(),
                        "4 patients, 24 slices",
                        "train: 2 patients, 12 slices",
                        "validation: 2 patients, 12 slices",
                        "Training UNet f=4",
                        "Validation patients at full size (32x32)",
                        "Report: ");
        double sliceDice = Cli.number(out, "per-slice Dice");
        assertThat(sliceDice).isBetween(0.0, 1.0);
        assertThat(run.resolve("report.html")).exists();
        assertThat(run.resolve("best/parameters.params")).exists();
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("Evaluation", "evaluation/worst.png", "curves.png", "config.json", "Final metrics");
        JsonObject json = JsonParser.parseString(Files.readString(run.resolve("evaluation/evaluation.json")))
                .getAsJsonObject();
        assertThat(json.getAsJsonObject("summary").get("slices").getAsInt()).isEqualTo(12);
        assertThat(json.getAsJsonObject("summary").get("slice_dice").getAsDouble())
                .isCloseTo(sliceDice, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void quickstartOnAFolderGivenWithDataUsesIt() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 4, 4);
        String out = Cli.run(
                        0,
                        "quickstart",
                        "--data",
                        data.toString(),
                        "--size",
                        "32",
                        "--val-fraction",
                        "0.5",
                        "--filters",
                        "4",
                        "--epochs",
                        "1",
                        "--batch",
                        "4",
                        "--quiet",
                        "--work",
                        tmp.resolve("w").toString())
                .out();
        assertThat(out).doesNotContain("Synthetic kaggle_3m dataset written").contains("4 patients, 16 slices");
        try (var runs = Files.list(tmp.resolve("w/runs"))) {
            assertThat(runs.filter(d -> Files.exists(d.resolve("report.html")))).hasSize(1);
        }
    }

    @Test
    void noSubcommandPrintsUsageAndBadOptionFails() {
        assertThat(Cli.run(0).out()).contains("Usage: brainseg", "quickstart", "eda", "evaluate", "predict", "summary");
        assertThat(Cli.run(2, "quickstart", "--size", "many").err()).contains("--size");
        assertThat(Cli.run(0, "quickstart", "--help").out())
                .contains("--time-limit", "--data")
                .doesNotContain("--minutes");
    }

    @Test
    void aMissingDatasetIsOneLineAndExit1() {
        Cli.Output o = Cli.run(1, "quickstart", "--data", tmp.resolve("nowhere").toString());
        assertThat(o.err()).contains("quickstart: error:", "nowhere").doesNotContain("\tat ");
    }
}
