package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainingWritesARunDirectoryWithAReport() throws Exception {
        Path run = Cli.tinyRun();
        assertThat(run.resolve("best/parameters.params")).exists();
        assertThat(run.resolve("curves.png")).exists();
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("brainseg training run", "Final metrics", "src=\"curves.png\"",
                "src=\"predictions/epoch-000.png\"", "Configuration (config.json)", "&quot;seed&quot;", "--filters 4",
                "(epochs count from 1 here, as in the progress lines");
        assertThat(run.resolve("predictions/epoch-000.png")).exists();
    }

    @Test
    void printsTheBestEpochsDice() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 4, 4);
        String out = Cli.run(0, "train", "--data", data.toString(), "--size", "32", "--crop", "32", "--filters", "4",
                "--res-units", "0", "--epochs", "1", "--batch", "4", "--quiet", "--model", "attention-unet",
                "--val-patients", split(data).toString(), "--out", tmp.resolve("run").toString()).out();
        assertThat(out).contains("validation: 1 patients", "best epoch 1/1:");
        assertThat(Cli.number(out, "per-slice Dice")).isBetween(0.0, 1.0);
        assertThat(tmp.resolve("run/report.html")).exists();
    }

    @Test
    void badArgumentsExit2AndBadDataExit1() throws Exception {
        assertThat(Cli.run(2, "train", "--data", tmp.toString(), "--model", "vgg").err()).contains("unknown model");
        assertThat(Cli.run(2, "train").err()).contains("--data");
        assertThat(Cli.run(1, "train", "--data", tmp.resolve("none.zip").toString()).err())
                .contains("train: error:", "none.zip");
    }

    private Path split(Path data) throws Exception {
        String first;
        try (var dirs = Files.list(data)) {
            first = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().findFirst()
                    .orElseThrow();
        }
        Path file = tmp.resolve("SPLIT.md");
        Files.writeString(file, "# split\n\n## Validation patients (1)\n\n- " + first + "\n");
        return file;
    }
}
