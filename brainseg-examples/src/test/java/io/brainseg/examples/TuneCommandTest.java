package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {

    private static final String DROPOUT = "{\"name\": \"dropout\", \"type\": \"float\", \"low\": 0, \"high\": 0.5}";
    private static final String LR =
            "{\"name\": \"lr\", \"type\": \"float\", \"low\": 1e-4, \"high\": 1e-2, \"log\": true}";

    @TempDir
    Path tmp;

    /** A search-space file of {@code parameters} plus batch and filters fixed at 4 (tiny networks). */
    private Path space(String... parameters) throws IOException {
        List<String> all = new ArrayList<>(List.of(parameters));
        all.add("{\"name\": \"batch\", \"type\": \"categorical\", \"choices\": [4]}");
        all.add("{\"name\": \"filters\", \"type\": \"categorical\", \"choices\": [4]}");
        Path file = tmp.resolve("space.json");
        Files.writeString(file, "{\"parameters\": [" + String.join(",", all) + "]}");
        return file;
    }

    /**
     * Runs a study of two tiny trials (32×32 slices and crops, no residual units, one epoch, no
     * pruning) on 4 synthetic patients of 4 slices, and returns what it printed.
     */
    private String tinyStudy(String study, Path space, Path out, String... more) {
        Path data = Cli.syntheticData(tmp.resolve("data"), 4, 4);
        List<String> args = new ArrayList<>(List.of(
                "tune",
                "--data",
                data.toString(),
                "--size",
                "32",
                "--crop",
                "32",
                "--res-units",
                "0",
                "--study",
                study,
                "--trials",
                "2",
                "--epochs",
                "1",
                "--space",
                space.toString(),
                "--pruner",
                "none",
                "--quiet",
                "--out",
                out.toString()));
        args.addAll(List.of(more));
        return Cli.run(0, args.toArray(String[]::new)).out();
    }

    @Test
    void aBudgetStudyOfTwoTinyTrialsWritesRunsARetrainAndAReport() throws Exception {
        Path out = tmp.resolve("tune");
        String printed = tinyStudy(
                "tiny",
                space(DROPOUT, LR),
                out,
                "--budget-epochs",
                "1",
                "--budget-downsample",
                "2",
                "--retrain-best",
                "1");
        assertThat(printed).contains("study tiny: 2 trials, 2 complete", "best trial", "re-trained trial", "report:");
        assertThat(Cli.number(printed, "Dice")).isBetween(0.0, 1.0);
        Path study = out.resolve("tiny");
        for (String trial : new String[] {"trials/trial-0000", "trials/trial-0001"}) {
            assertThat(study.resolve(trial).resolve("config.json")).isRegularFile();
            assertThat(study.resolve(trial).resolve("best")).isDirectory();
        }
        assertThat(study.resolve("retrain")).isDirectory();
        assertThat(study.resolve("study.mv.db")).isRegularFile();
        String html = Files.readString(study.resolve("report.html"));
        assertThat(html).contains("Study tiny", "Optimisation history", "Parallel coordinates", "trial-0000");

        // The report alone, from storage; a third trial resumes the same study.
        Files.delete(study.resolve("report.html"));
        assertThat(Cli.run(0, "tune", "--study", "tiny", "--report", "--out", out.toString())
                        .out())
                .contains("report:");
        assertThat(study.resolve("report.html")).isRegularFile();
    }

    @Test
    void twoLocalWorkerProcessesShareTheStudy() throws Exception {
        Path out = tmp.resolve("tune");
        String printed = tinyStudy("pair", space(LR), out, "--workers", "2");
        String log = Files.readString(out.resolve("pair/worker-1.log"));
        assertThat(printed).as(log).doesNotContain("exited with");
        // The worker opened the shared study and ended cleanly; whether it ran a trial depends on how
        // fast its JVM starts against the main process, so only the study's total is asserted.
        assertThat(log).contains("study pair:");
        assertThat(Cli.number(printed, "study pair:")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void childWorkersGetTheirOwnWorkerOptions() {
        assertThat(TuneCommand.withoutWorkerOptions(java.util.List.of(
                        "tune",
                        "--study",
                        "s",
                        "--workers",
                        "4",
                        "--seed=3",
                        "--quiet",
                        "--storage",
                        "jdbc:h2:x",
                        "--trials",
                        "9")))
                .containsExactly("--study", "s", "--trials", "9");
    }

    @Test
    void badSettingsExitWithAMessage() throws Exception {
        Path space = tmp.resolve("space.json");
        Files.writeString(
                space, "{\"parameters\": [{\"name\": \"momentum\", \"type\": \"float\", \"low\": 0, \"high\": 1}]}");
        Path data = Cli.syntheticData(tmp.resolve("data"), 2, 2);
        assertThat(Cli.run(
                                1,
                                "tune",
                                "--data",
                                data.toString(),
                                "--size",
                                "32",
                                "--study",
                                "s",
                                "--space",
                                space.toString(),
                                "--out",
                                tmp.toString())
                        .err())
                .contains("momentum");
        assertThat(Cli.run(1, "tune", "--study", "s", "--out", tmp.toString()).err())
                .contains("--data");
        assertThat(Cli.run(2, "tune", "--data", data.toString()).err()).contains("--study");
    }
}
