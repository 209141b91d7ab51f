package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.train.Checkpoint;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume RUN} the hard way: a child JVM training a tiny network is killed with
 * SIGKILL right after its first checkpoint, the run is resumed from the command line, and its
 * {@code metrics.csv} (losses and Dice of every epoch) equals that of an uninterrupted run.
 */
class TrainResumeTest {

    private static final int EPOCHS = 3;

    @TempDir
    Path tmp;

    private String[] trainArgs(Path data, Path out) {
        return Cli.tinyTrain(
                data,
                out,
                "--filters",
                "2",
                "--epochs",
                Integer.toString(EPOCHS),
                "--patience",
                "0",
                "--val-fraction",
                "0.34",
                "--seed",
                "5");
    }

    /** The losses and metrics of metrics.csv, without the timing columns (seconds, slices/s). */
    private static List<String> numbers(Path run) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.csv"), StandardCharsets.UTF_8)) {
            String[] cells = line.split(",");
            rows.add(String.join(",", java.util.Arrays.copyOf(cells, cells.length - 2)));
        }
        return rows;
    }

    @Test
    void aRunKilledAfterItsFirstCheckpointResumesToTheNumbersOfAnUninterruptedRun() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 3, 4);
        Path killed = tmp.resolve("killed");

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Xss4m",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                BrainsegCli.class.getName()));
        command.addAll(List.of(trainArgs(data, killed)));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        Path firstCheckpoint = killed.resolve("last").resolve("checkpoint.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(firstCheckpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(firstCheckpoint)
                .as("first checkpoint; child log:%n%s", log())
                .exists();
        child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no cleanup
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue())
                .as("killed, not finished; log:%n%s", log())
                .isEqualTo(137);
        // From the checkpoint, not metrics.csv: the kill may fall between the checkpoint and the
        // first metrics.csv. Deleting the file makes that the case every time; the resumed run
        // must rewrite the earlier epochs' rows from the checkpoint's history.
        int epochsBeforeKill = Checkpoint.read(AtomicFiles.resolveDirectory(killed.resolve("last")))
                        .getEpoch()
                + 1;
        assertThat(epochsBeforeKill).as("epochs done when killed").isBetween(1, EPOCHS - 1);
        Files.deleteIfExists(killed.resolve("metrics.csv"));

        String resumed =
                Cli.run(0, "train", "--resume", killed.toString(), "--quiet").out();
        assertThat(resumed).contains("Resuming " + killed.toAbsolutePath());
        Path straight = tmp.resolve("straight");
        Cli.run(0, trainArgs(data, straight));

        assertThat(numbers(killed)).hasSize(EPOCHS + 1).isEqualTo(numbers(straight));
        assertThat(numbers(killed).get(1)).startsWith("1,"); // epochs count from 1 in metrics.csv
    }

    @Test
    void resumeRefusesOptionsThatWouldChangeTheRunAndNamesAMissingRecord() throws Exception {
        assertThat(Cli.run(2, "train", "--resume", tmp.toString(), "--lr", "0.1")
                        .err())
                .contains("--lr cannot be changed with --resume");
        assertThat(Cli.run(1, "train", "--resume", tmp.toString()).err())
                .contains(tmp.resolve("command.json").toString(), "is missing");
    }

    private String log() throws Exception {
        File f = tmp.resolve("child.log").toFile();
        return f.exists() ? Files.readString(f.toPath()) : "(no log)";
    }
}
