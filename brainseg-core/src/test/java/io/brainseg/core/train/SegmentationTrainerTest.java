package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.task.BinarySegmentationTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationTrainerTest {

    @TempDir
    Path tmp;

    @Test
    void tinyNetLearnsTheSquaresAndWritesTheRunRecord() throws IOException {
        Path run = tmp.resolve("run");
        TrainingResult result;
        try (SegmentationTrainer trainer = Fixtures.builder(run, 6).build()) {
            result = trainer.fit(Fixtures.train(), Fixtures.val());
        }
        result.getHistory().forEach(System.out::println);
        assertThat(result.getHistory()).hasSize(6);
        assertThat(result.getBestValue()).isGreaterThan(0.7);
        assertThat(result.getHistory().get(0).getTrainLoss())
                .isGreaterThan(result.getLast().getTrainLoss());
        assertThat(result.getStopReason()).isEqualTo("completed");

        assertThat(run.resolve("config.json")).isRegularFile();
        String config = Files.readString(run.resolve("config.json"));
        assertThat(config)
                .contains(
                        "\"tiny-conv\"",
                        "\"AdamW\"",
                        "\"cosine\"",
                        "SquareSource",
                        "\"djl\"",
                        "\"gradientClipNorm\": 1.0",
                        "\"epoch0IdsSha256\"",
                        "\"idsSha256\"");
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"), StandardCharsets.UTF_8);
        assertThat(csv.get(0)).isEqualTo("epoch,train_loss,val_loss,val_dice,lr,seconds,slices_per_s");
        assertThat(csv).hasSize(7);
        for (String dir : new String[] {"best", "last"}) {
            assertThat(run.resolve(dir).resolve(Checkpoint.META)).isRegularFile();
            assertThat(run.resolve(dir).resolve(Checkpoint.SPEC)).isRegularFile();
            assertThat(run.resolve(dir).resolve(Checkpoint.PARAMETERS)).isRegularFile();
            assertThat(run.resolve(dir).resolve(Checkpoint.OPTIMIZER)).isRegularFile();
        }
        assertThat(Checkpoint.read(run.resolve("best")).getEpoch()).isEqualTo(result.getBestEpoch());
        assertThat(Checkpoint.read(run.resolve("last")).getEpoch()).isEqualTo(5);
        // Presentation is not in core's default set.
        assertThat(run.resolve("curves.png")).doesNotExist();
        assertThat(run.resolve("predictions")).doesNotExist();
        try (Stream<Path> files = Files.walk(run)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".old"));
        }
        assertThat(AtomicFiles.hasLeftovers(run)).isFalse();
    }

    /** Stops the run after {@code lastEpoch}, as an interrupted job would. */
    private static TrainingListener stopAfter(int lastEpoch) {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                if (record.getEpoch() == lastEpoch) {
                    ctx.requestStop("interrupted by the test");
                }
            }
        };
    }

    private static SquareSource smallTrain() {
        return new SquareSource(24, 8, Fixtures.SIZE, 3, true);
    }

    private static SquareSource smallVal() {
        return new SquareSource(8, 8, Fixtures.SIZE, 4, false);
    }

    @Test
    void sameSeedReproducesAndResumeAfterEpochKEndsLikeAnUninterruptedRun() {
        Path full = tmp.resolve("full");
        Path interrupted = tmp.resolve("interrupted");
        TrainingResult uninterrupted;
        try (SegmentationTrainer t = Fixtures.builder(full, 4).build()) {
            uninterrupted = t.fit(smallTrain(), smallVal());
        }
        TrainingResult firstPart;
        try (SegmentationTrainer t =
                Fixtures.builder(interrupted, 4).addListener(stopAfter(1)).build()) {
            firstPart = t.fit(smallTrain(), smallVal());
        }
        assertThat(firstPart.getHistory()).hasSize(2);
        assertThat(firstPart.getStopReason()).isEqualTo("interrupted by the test");
        // Reproducibility: same seed and data give the same numbers, epoch by epoch.
        for (int e = 0; e < 2; e++) {
            assertSameNumbers(
                    firstPart.getHistory().get(e), uninterrupted.getHistory().get(e));
        }

        TrainingResult resumed;
        try (SegmentationTrainer t = Fixtures.withRunSettings(SegmentationTrainer.resume(interrupted))
                .build()) {
            resumed = t.fit(smallTrain(), smallVal());
        }
        assertThat(resumed.getHistory()).hasSize(4);
        for (int e = 0; e < 4; e++) {
            assertSameNumbers(
                    resumed.getHistory().get(e), uninterrupted.getHistory().get(e));
        }
        assertThat(resumed.getBestEpoch()).isEqualTo(uninterrupted.getBestEpoch());
        assertThat(resumed.getBestValue()).isEqualTo(uninterrupted.getBestValue());
    }

    private static void assertSameNumbers(EpochRecord actual, EpochRecord expected) {
        assertThat(actual.getEpoch()).isEqualTo(expected.getEpoch());
        assertThat(actual.getTrainLoss())
                .as("train loss, epoch %d", expected.getEpoch())
                .isEqualTo(expected.getTrainLoss());
        assertThat(actual.getValLoss())
                .as("val loss, epoch %d", expected.getEpoch())
                .isEqualTo(expected.getValLoss());
        assertThat(actual.getMetrics())
                .as("metrics, epoch %d", expected.getEpoch())
                .isEqualTo(expected.getMetrics());
        assertThat(actual.getLearningRate()).isEqualTo(expected.getLearningRate());
    }

    @Test
    void nanLossStopsWithEpochAndBatchAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path run = tmp.resolve("nan");
        SquareSource train = smallTrain();
        // Calls per epoch: the training batches, then the validation batches; epoch 1, batch 1 is:
        int poisonCall = train.getNumBatches() + smallVal().getNumBatches() + 1;
        Loss nanAtStep = Fixtures.nanFromCall(poisonCall);
        try (SegmentationTrainer t = Fixtures.builder(run, 3).setLoss(nanAtStep).build()) {
            assertThatThrownBy(() -> t.fit(train, smallVal()))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("loss is NaN at epoch 2, batch 2") // counted from 1, as the console
                    .hasMessageContaining(run.resolve("last").toString())
                    .satisfies(e -> {
                        TrainingDivergedException d = (TrainingDivergedException) e;
                        assertThat(d.getEpoch()).isEqualTo(1);
                        assertThat(d.getBatch()).isEqualTo(1);
                    });
        }
        Checkpoint last = Checkpoint.read(run.resolve("last"));
        assertThat(last.getEpoch()).isZero();
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = last.loadBlock(m);
            for (Pair<String, Parameter> p : block.getParameters()) {
                assertThat(p.getValue().getArray().isNaN().any().getBoolean())
                        .as(p.getKey())
                        .isFalse();
            }
        }
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(2);
    }

    @Test
    void nativeMemoryDoesNotGrowOverManySteps() {
        SquareSource data = new SquareSource(32, 8, 16, 5, true);
        long[] rss = new long[2];
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                if (record.getEpoch() == 9) {
                    rss[0] = Rss.kibAfterGc();
                } else if (record.getEpoch() == 29) {
                    rss[1] = Rss.kibAfterGc();
                }
            }
        };
        try (SegmentationTrainer t = Fixtures.withRunSettings(
                        SegmentationTrainer.builder().setModel(TinyConvNet.of(16, 0.1)))
                .setEpochs(30)
                .optLearningRate(1e-3)
                .optGradientClipping(1.0)
                .optMonitor(Monitor.min(Monitor.TRAIN_LOSS))
                .addListener(probe)
                .build()) {
            t.fit(data, null);
        }
        // 80 steps after warm-up; leaking one 8×16×16×16 float activation per step would add 10 MB.
        assertThat(rss[1] - rss[0]).as("RSS growth in KiB over 80 steps").isLessThan(6 * 1024);
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
        // Training loss falls every epoch, so "max train_loss" never improves after epoch 0.
        TrainingResult r;
        try (SegmentationTrainer t = Fixtures.builder(null, 6)
                .optEarlyStopping(Monitor.max(Monitor.TRAIN_LOSS), 2, 0)
                .build()) {
            r = t.fit(smallTrain(), smallVal());
        }
        assertThat(r.getHistory()).hasSize(3);
        assertThat(r.getStopReason()).startsWith("early stopping: train_loss did not improve for 2 epochs");
    }

    @Test
    void buildRejectsMissingAndInvalidSettingsNamingThem() {
        assertThatThrownBy(() -> SegmentationTrainer.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model");
        assertThatThrownBy(() -> SegmentationTrainer.builder()
                        .setModel(TinyConvNet.of(4, 0))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loss");
        assertThatThrownBy(() -> Fixtures.builder(null, 0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epochs must be >= 1, got 0");
        assertThatThrownBy(
                        () -> Fixtures.builder(null, 1).optGradientClipping(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clipping")
                .hasMessageContaining("-1");
        assertThatThrownBy(
                        () -> BinarySegmentationTask.builder().optThreshold(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold")
                .hasMessageContaining("1.5");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"best", "last", "last.old", "best.old", "metrics.csv", "config.json", "predictions", "curves.png"
            })
    void refusesADirectoryHoldingAnyRunContentNamingIt(String entry) throws IOException {
        Path run = tmp.resolve("existing");
        Files.createDirectories(run);
        if (entry.contains(".")) {
            Files.writeString(run.resolve(entry), "x");
        } else {
            Files.createDirectories(run.resolve(entry));
        }
        assertThatThrownBy(() -> Fixtures.builder(run, 1).build())
                .isInstanceOf(RunDirectoryException.class)
                .hasMessageContaining("already holds a run (" + entry + ")");
        // An unrelated file does not make a run.
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "x");
        Fixtures.builder(other, 1).build().close();
    }
}
