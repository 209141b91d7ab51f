package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} and {@code predict} say which checkpoint they scored, take {@code --checkpoint
 * best|last} explicitly, never fall back silently, and an evaluation that cannot be saved still
 * prints its table.
 */
class EvaluateCheckpointTest {

    @TempDir
    Path tmp;

    private Path copyOfTinyRun() throws Exception {
        Path src = Cli.tinyRun();
        Path dst = tmp.resolve("run");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    private String[] evaluate(Path run, Path out, String... more) throws Exception {
        Stream<String> base = Stream.of(
                "evaluate",
                "--run",
                run.toString(),
                "--data",
                Cli.tinyData().toString(),
                "--size",
                "32",
                "--out",
                out.toString());
        return Stream.concat(base, Stream.of(more)).toArray(String[]::new);
    }

    private static JsonObject checkpointOf(Path evalDir) throws IOException {
        return JsonParser.parseString(Files.readString(evalDir.resolve("evaluation.json")))
                .getAsJsonObject()
                .getAsJsonObject("checkpoint");
    }

    @Test
    void theScoredCheckpointIsPrintedAndRecorded() throws Exception {
        Path run = copyOfTinyRun();
        Path best = tmp.resolve("e-best");
        String printed = Cli.run(0, evaluate(run, best)).out();
        assertThat(printed).contains("checkpoint: " + run.resolve("best").toAbsolutePath() + " (best, epoch 1)");
        assertThat(checkpointOf(best).get("kind").getAsString()).isEqualTo("best");
        assertThat(checkpointOf(best).get("epoch").getAsInt()).isEqualTo(1);
        assertThat(checkpointOf(best).get("directory").getAsString())
                .isEqualTo(run.resolve("best").toAbsolutePath().toString());

        Path last = tmp.resolve("e-last");
        assertThat(Cli.run(0, evaluate(run, last, "--checkpoint", "last")).out())
                .contains("checkpoint: " + run.resolve("last").toAbsolutePath() + " (last, epoch 1)");
        assertThat(checkpointOf(last).get("kind").getAsString()).isEqualTo("last");
    }

    @Test
    void aDamagedBestIsAnErrorNamingTheFileNotASilentFallback() throws Exception {
        Path run = copyOfTinyRun();
        Files.delete(run.resolve("best").resolve("checkpoint.json"));
        Cli.Output o = Cli.run(1, evaluate(run, tmp.resolve("e")));
        assertThat(o.err())
                .contains(run.resolve("best").resolve("checkpoint.json").toString(), "--checkpoint last");
        assertThat(Cli.run(
                                1,
                                "predict",
                                "--run",
                                run.toString(),
                                "--input",
                                Cli.tinyData().toString(),
                                "--output",
                                tmp.resolve("p").toString())
                        .err())
                .contains("best/checkpoint.json", "--checkpoint last");
        String printed = Cli.run(
                        0,
                        "predict",
                        "--run",
                        run.toString(),
                        "--checkpoint",
                        "last",
                        "--input",
                        Cli.tinyData().toString(),
                        "--output",
                        tmp.resolve("p").toString())
                .out();
        assertThat(printed)
                .contains("checkpoint: " + run.resolve("last").toAbsolutePath() + " (last, epoch 1)", "24 slices");
    }

    @Test
    void anEvaluationThatCannotBeSavedStillPrintsItsTableAndSaysSo() throws Exception {
        // An output folder that cannot be created (its parent is a file): the same failure as a
        // read-only run directory, and one that also holds when the tests run as root.
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file");
        Path out = blocker.resolve("evaluation");
        Cli.Output o = Cli.run(EvaluateCommand.SAVE_FAILED, evaluate(Cli.tinyRun(), out));
        assertThat(Cli.number(o.out(), "per-slice Dice")).isBetween(0.0, 1.0);
        assertThat(o.err()).contains("could not save", out.toString(), "the table above is the result", "--out");
    }

    @Test
    void aReadOnlyRunDirectoryStillPrintsTheTable() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                "root".equals(System.getProperty("user.name")), "root writes into read-only folders");
        Path run = copyOfTinyRun();
        run.toFile().setWritable(false);
        try {
            Cli.Output o = Cli.run(
                    EvaluateCommand.SAVE_FAILED,
                    "evaluate",
                    "--run",
                    run.toString(),
                    "--data",
                    Cli.tinyData().toString(),
                    "--size",
                    "32");
            assertThat(Cli.number(o.out(), "per-slice Dice")).isBetween(0.0, 1.0);
            assertThat(o.err())
                    .contains("could not save", run.resolve("evaluation").toString());
        } finally {
            run.toFile().setWritable(true);
        }
    }
}
