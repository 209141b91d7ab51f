package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.brainseg.core.train.Checkpoint;
import io.brainseg.data.DecodedSlice;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        assertThat(html)
                .contains(
                        "brainseg training run",
                        "Final metrics",
                        "src=\"curves.png\"",
                        "src=\"predictions/epoch-001.png\"",
                        "Configuration (config.json)",
                        "&quot;seed&quot;",
                        "--filters 4",
                        "epochs count from 1 everywhere: progress lines, curves, metrics.csv");
        assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(1)).startsWith("1,");
        assertThat(run.resolve("predictions/epoch-001.png")).exists();
    }

    @Test
    void printsTheBestEpochsDice() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 4, 4);
        String out = Cli.run(
                        0,
                        Cli.tinyTrain(
                                data,
                                tmp.resolve("run"),
                                "--model",
                                "attention-unet",
                                "--val-patients",
                                split(data).toString()))
                .out();
        assertThat(out).contains("validation: 1 patients", "best epoch 1/1:");
        assertThat(Cli.number(out, "per-slice Dice")).isBetween(0.0, 1.0);
        assertThat(tmp.resolve("run/report.html")).exists();
    }

    @Test
    void badArgumentsExit2AndBadDataExit1() throws Exception {
        assertThat(Cli.run(2, "train", "--data", tmp.toString(), "--model", "vgg")
                        .err())
                .contains("unknown model");
        assertThat(Cli.run(2, "train").err()).contains("--data");
        assertThat(Cli.run(1, "train", "--data", tmp.resolve("none.zip").toString())
                        .err())
                .contains("train: error:", "none.zip");
    }

    @Test
    void messagesNameTheRealCause() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("d"), 2, 4);
        String[] base = Cli.tinyTrain(data, tmp.resolve("r0"), "--filters", "2", "--batch", "2");
        // Every patient in validation: the training set is empty.
        Path allVal = tmp.resolve("ALL.md");
        try (var dirs = Files.list(data)) {
            Files.writeString(
                    allVal,
                    "## Validation patients\n\n"
                            + String.join(
                                    "\n",
                                    dirs.filter(Files::isDirectory)
                                            .map(p -> "- " + p.getFileName())
                                            .sorted()
                                            .toList())
                            + "\n");
        }
        assertThat(Cli.run(
                                1,
                                Cli.with(
                                        base,
                                        "--crop",
                                        "32",
                                        "--val-patients",
                                        allVal.toString(),
                                        "--out",
                                        tmp.resolve("r1").toString()))
                        .err())
                .contains("the training set is empty")
                .doesNotContain("cache");
        assertThat(Cli.run(
                                1,
                                Cli.with(
                                        base,
                                        "--crop",
                                        "32",
                                        "--val-fraction",
                                        "0",
                                        "--out",
                                        tmp.resolve("r2").toString()))
                        .err())
                .contains("the validation set is empty");
        assertThat(Cli.run(1, Cli.with(base, "--crop", "20")).err())
                .contains("--crop must be a positive multiple of 16", "got 20");
        assertThat(Cli.run(2, Cli.with(base, "--crop", "64")).err())
                .contains("--crop 64 is larger than the slices (--size 32)");
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertThat(Cli.run(1, Cli.with(base, "--crop", "32", "--out", file.toString()))
                        .err())
                .contains("--out " + file + " is a file");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ai.djl.engine.Engine.getInstance().getGpuCount() == 0);
        Cli.Output gpu = Cli.run(
                1,
                Cli.with(
                        base,
                        "--crop",
                        "32",
                        "--device",
                        "gpu",
                        "--out",
                        tmp.resolve("r3").toString()));
        assertThat(gpu.err()).contains("--device gpu: the PyTorch engine sees no GPU");
        assertThat(gpu.err().strip().lines()).hasSize(1);
    }

    @Test
    void runningOutOfNativeMemoryIsOneLineWithTheSizeAndWhatToLower() {
        // f = 50,000: the second convolution's weight alone is 50,000 x 100,000 x 3 x 3 floats (168 GiB).
        Path data = Cli.syntheticData(tmp.resolve("d"), 2, 4);
        Cli.Output o = Cli.run(
                1,
                Cli.tinyTrain(data, tmp.resolve("oom"), "--filters", "50000", "--batch", "2", "--val-fraction", "0.5"));
        assertThat(o.err())
                .contains(
                        "train: error: out of native (CPU) memory: allocating ",
                        " GiB failed; lower " + "--batch (2), --filters (50000) or --crop (32)");
        assertThat(o.err().strip().lines()).hasSize(1);
    }

    @Test
    void timeLimitIsTheOneWallClockOptionAndTakesDecimals() {
        assertThat(Cli.run(0, "train", "--help").out())
                .contains("--time-limit=MINUTES")
                .doesNotContain("--minutes");
        assertThat(Cli.run(1, "train", "--data", tmp.toString(), "--time-limit", "0")
                        .err())
                .contains("--time-limit must be a positive number of minutes, got 0.0");
    }

    @Test
    void devFoldHoldsOutTheValidationPatientsAndValidatesOnAFoldOfTheOthers() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 6, 4);
        Path splitFile = split(data);
        Path run = tmp.resolve("dev");
        String out = Cli.run(
                        0,
                        Cli.tinyTrain(
                                data,
                                run,
                                "--val-patients",
                                splitFile.toString(),
                                "--dev-fold",
                                "2/5",
                                "--ema",
                                "0.9",
                                "--swa-start",
                                "1"))
                .out();
        List<String> all;
        try (var dirs = Files.list(data)) {
            all = dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
        PatientSplit held = PatientSplit.readMarkdown(splitFile, all);
        PatientSplit dev = PatientSplit.readMarkdown(run.resolve("split.md"), all);
        // The real validation patient is in neither set the run used; five others make five folds of one.
        assertThat(dev.getTest()).isEqualTo(held.getValidation());
        assertThat(dev.getValidation()).hasSize(1).doesNotContainAnyElementsOf(held.getValidation());
        assertThat(dev.getTrain()).hasSize(4).doesNotContainAnyElementsOf(held.getValidation());
        assertThat(out).contains("validation: 1 patients", "train=4, validation=1, test=1 patients");
        assertThat(stateOf(run.resolve("ema")).get("updates").getAsLong())
                .isEqualTo(4); // 16 training slices in batches of 4, one epoch
        assertThat(stateOf(run.resolve("swa")).get("updates").getAsLong()).isEqualTo(1);
        String eval = Cli.run(
                        0,
                        "evaluate",
                        "--run",
                        run.resolve("ema").toString(),
                        "--data",
                        data.toString(),
                        "--size",
                        "32",
                        "--patients",
                        run.resolve("split.md").toString(),
                        "--out",
                        tmp.resolve("eval").toString())
                .out();
        // The evaluation scores the development fold's patient, listed in split.md, through the EMA weights.
        assertThat(eval)
                .contains("dev/ema (directory, epoch 1)")
                .contains(dev.getValidation().get(0) + " ")
                .doesNotContain(held.getValidation().get(0));
    }

    @Test
    void devFoldByVolumeDealsNeighboursInTumourVolumeToDifferentFolds() throws Exception {
        // 64×64 phantoms: at 32×32 several patients share a tumour volume and the order is a tie.
        Path data = Cli.syntheticData(tmp.resolve("data"), 11, 4, 64);
        Path run = tmp.resolve("by-volume");
        Cli.run(
                0,
                Cli.tinyTrain(
                        data,
                        run,
                        "--val-patients",
                        split(data).toString(),
                        "--dev-fold",
                        "1/2",
                        "--dev-fold-by",
                        "volume",
                        "--size",
                        "64"));
        Map<String, Long> volume = new HashMap<>();
        try (LggDataset ds =
                LggDataset.builder().setPath(data).optExpectedSize(64).build()) {
            for (DecodedSlice s : SliceCache.load(ds).getSlices()) {
                long n = 0;
                for (byte b : s.mask()) {
                    n += b != 0 ? 1 : 0;
                }
                volume.merge(s.id().patientId(), n, Long::sum);
            }
        }
        PatientSplit dev = PatientSplit.readMarkdown(run.resolve("split.md"), volume.keySet());
        List<String> train = new ArrayList<>(dev.getTrain());
        train.addAll(dev.getValidation());
        train.sort(Comparator.comparing(volume::get));
        assertThat(train).hasSize(10);
        assertThat(train.stream().map(volume::get).distinct())
                .as("distinct volumes")
                .hasSize(10);
        // Sorted by volume and dealt in groups of two, each pair of neighbours gives one patient to
        // each of the two folds.
        for (int i = 0; i < 10; i += 2) {
            assertThat(dev.getValidation().contains(train.get(i)))
                    .as("pair %d: %s and %s", i / 2, train.get(i), train.get(i + 1))
                    .isNotEqualTo(dev.getValidation().contains(train.get(i + 1)));
        }
        assertThat(Files.readString(run.resolve("command.json"))).contains("\"--dev-fold-by\"", "\"volume\"");
    }

    @Test
    void badDevFoldAndAveragingOptionsNameTheValue() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 3, 2);
        String[] base = Cli.tinyTrain(
                data, tmp.resolve("r"), "--val-patients", split(data).toString());
        for (String bad : new String[] {"0/5", "6/5", "1/1", "x", "1/2/3"}) {
            assertThat(Cli.run(1, Cli.with(base, "--dev-fold", bad)).err())
                    .contains("--dev-fold must be K/N with 1 <= K <= N and N >= 2 (fold K of N), got '" + bad + "'");
        }
        assertThat(Cli.run(1, Cli.with(base, "--dev-fold", "1/3")).err())
                .contains("--dev-fold 1/3: 3 folds of 2 training patients leave a fold empty");
        // picocli's enum conversion, as for --checkpoint: names the option, the choices and the value.
        assertThat(Cli.run(2, Cli.with(base, "--dev-fold", "1/2", "--dev-fold-by", "size"))
                        .err())
                .contains("--dev-fold-by", "SHARE, VOLUME", "'size'");
        assertThat(Cli.run(2, Cli.with(base, "--dev-fold-by", "volume")).err())
                .contains("--dev-fold-by volume needs --dev-fold K/N");
        assertThat(Cli.run(2, Cli.with(base, "--ema", "1.5")).err()).contains("--ema must be in (0, 1), got 1.5");
        assertThat(Cli.run(2, Cli.with(base, "--swa-start", "0")).err())
                .contains("--swa-start must be an epoch >= 1, got 0");
    }

    @Test
    void lossWeightsReachTheRunConfigAndTumourShareChangesWhatTrainingSees() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 4, 4);
        Path weighted = tmp.resolve("weighted");
        Path oversampled = tmp.resolve("oversampled");
        String[] weights = {
            "--val-patients", split(data).toString(), "--lambda-dice", "0.5", "--lambda-focal", "2", "--dice-batch"
        };
        Cli.run(0, Cli.tinyTrain(data, weighted, weights));
        Cli.run(0, Cli.tinyTrain(data, oversampled, Cli.with(weights, "--tumour-share", "0.9")));
        assertThat(Files.readString(weighted.resolve("config.json")))
                .contains("\"lambdaDice\": 0.5", "\"lambdaFocal\": 2.0", "\"batch\": true");
        // Same seed, network and loss: the first epoch's training loss can only differ through the
        // slices drawn (12 training slices, half with tumour; a share of 0.9 draws 11 with tumour).
        assertThat(trainLoss(oversampled)).isNotEqualTo(trainLoss(weighted));
        assertThat(Files.readString(oversampled.resolve(TrainCommand.COMMAND_FILE)))
                .contains("\"--tumour-share\",\n    \"0.9\"");
    }

    @Test
    void warmupClimbsToTheLearningRateThenTheCosineRunsOverTheEpochsLeft() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 3, 2);
        Path run = tmp.resolve("warm");
        Cli.run(
                0,
                Cli.tinyTrain(
                        data,
                        run,
                        Cli.with(
                                new String[] {"--val-patients", split(data).toString()},
                                "--epochs",
                                "4",
                                "--lr",
                                "0.009",
                                "--warmup",
                                "2",
                                "--cosine")));
        // Warm-up 0.009·1/3, 0.009·2/3; then the cosine over the 2 epochs left: 0.009, then halfway
        // between 0.009 and its floor 0.009/100.
        double[] expected = {0.003, 0.006, 0.009, (0.009 + 0.00009) / 2};
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertThat(rows.get(0).split(",")[5]).isEqualTo("lr");
        for (int e = 0; e < expected.length; e++) {
            assertThat(Double.parseDouble(rows.get(e + 1).split(",")[5]))
                    .as("epoch %d", e + 1)
                    .isCloseTo(expected[e], within(1e-8));
        }
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"type\": \"warmup\"");
    }

    @Test
    void warmupOutsideTheEpochsNamesTheValue() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 3, 2);
        String[] base = Cli.tinyTrain(
                data, tmp.resolve("r"), "--val-patients", split(data).toString(), "--epochs", "3");
        assertThat(Cli.run(2, Cli.with(base, "--warmup", "3")).err())
                .contains("--warmup must be >= 0 and below --epochs (3), got 3");
        assertThat(Cli.run(2, Cli.with(base, "--warmup", "-1")).err())
                .contains("--warmup must be >= 0 and below --epochs (3), got -1");
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void badLossWeightsAndTumourShareNameTheValue() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 3, 2);
        String[] base = Cli.tinyTrain(
                data, tmp.resolve("r"), "--val-patients", split(data).toString());
        assertThat(Cli.run(2, Cli.with(base, "--lambda-dice", "-1")).err())
                .contains("--lambda-dice must be a finite number >= 0, got -1.0");
        assertThat(Cli.run(2, Cli.with(base, "--lambda-focal", "NaN")).err())
                .contains("--lambda-focal must be a finite number >= 0, got NaN");
        assertThat(Cli.run(2, Cli.with(base, "--lambda-dice", "0", "--lambda-focal", "0"))
                        .err())
                .contains("--lambda-dice and --lambda-focal are both 0");
        for (String bad : new String[] {"0", "1", "1.5"}) {
            assertThat(Cli.run(2, Cli.with(base, "--tumour-share", bad)).err())
                    .contains("--tumour-share must be in (0, 1), for example 0.5, got " + Double.parseDouble(bad));
        }
    }

    private static String trainLoss(Path run) throws java.io.IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).get(1).split(",")[1];
    }

    private static com.google.gson.JsonObject stateOf(Path checkpoint) throws java.io.IOException {
        return com.google.gson.JsonParser.parseString(Files.readString(checkpoint.resolve(Checkpoint.STATE)))
                .getAsJsonObject();
    }

    private Path split(Path data) throws Exception {
        String first;
        try (var dirs = Files.list(data)) {
            first = dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        Path file = tmp.resolve("SPLIT.md");
        Files.writeString(file, "# split\n\n## Validation patients (1)\n\n- " + first + "\n");
        return file;
    }
}
