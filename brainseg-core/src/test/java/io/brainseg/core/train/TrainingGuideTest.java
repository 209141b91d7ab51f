package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import io.brainseg.core.batch.BatchSource;
import io.brainseg.core.metric.SegmentationMetric;
import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.task.BinarySegmentationTask;
import io.brainseg.core.train.optim.ResumableAdam;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.core.train.optim.ResumableOptimizer;
import io.brainseg.core.train.optim.ResumableSgd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles and runs the snippets of {@code docs/training.md}, and checks that the guide shows each
 * one verbatim (the code between a {@code // GUIDE: name} line and {@code // END}).
 */
class TrainingGuideTest {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingGuideTest.class);

    @TempDir
    Path tmp;

    static TrainingResult train(
            Block model, Loss loss, SegmentationMetric dice, BatchSource trainData, BatchSource valData, Path runDir) {
        // spotless:off
        // GUIDE: train
        TrainingResult result;
        try (SegmentationTrainer trainer = SegmentationTrainer.builder()
                .setModel(model)                                   // caller-owned Block
                .setLoss(loss)
                .addMetric(dice)                                   // first metric = monitor
                .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-5).build())
                .optSchedule(LearningRateSchedule.cosine(1e-2, 1e-4, 3))
                .setEpochs(3)
                .optGradientClipping(0.5)
                .optTask(BinarySegmentationTask.builder().optThreshold(0.5).build())
                .optSeed(42)
                .optRunDirectory(runDir)
                .build()) {
            result = trainer.fit(trainData, valData);
        }
        System.out.printf("best %s = %.3f at epoch %d (%s)%n", result.getMonitor().getName(),
                result.getBestValue(), result.getBestEpoch(), result.getStopReason());
        // END
        // spotless:on
        return result;
    }

    static List<ResumableOptimizer> optimizers() {
        // spotless:off
        // GUIDE: optimizers
        ResumableOptimizer adamW = ResumableAdamW.builder().optWeightDecay(1e-5).build();  // torch.optim.AdamW
        ResumableOptimizer adam = ResumableAdam.builder().optBetas(0.9, 0.99).build();     // torch.optim.Adam
        ResumableOptimizer sgd = ResumableSgd.builder()                                    // torch.optim.SGD
                .optMomentum(0.9).optNesterov(true).optWeightDecay(1e-4).build();
        // END
        // spotless:on
        return List.of(adamW, adam, sgd);
    }

    static List<LearningRateSchedule> schedules() {
        // spotless:off
        // GUIDE: schedules
        LearningRateSchedule cosine = LearningRateSchedule.cosine(2e-3, 2e-5, 27);   // CosineAnnealingLR
        LearningRateSchedule warm = LearningRateSchedule.warmup(3, cosine);          // WarmupCosineSchedule
        LearningRateSchedule plateau =                                               // ReduceLROnPlateau
                LearningRateSchedule.reduceOnPlateau(1e-3, 0.5, 5, 1e-6);
        // END
        // spotless:on
        return List.of(cosine, warm, plateau);
    }

    static SegmentationTrainer.Builder listeners(SegmentationTrainer.Builder builder) {
        // spotless:off
        // GUIDE: listeners
        TrainingListener alarm = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                LOG.info("epoch {}: val_loss {}", record.getEpoch(), record.getValLoss());
            }

            @Override
            public void onException(TrainingContext ctx, Throwable error) {
                LOG.error("training failed in {}", ctx.getRunDirectory(), error);
            }

            @Override
            public void close() {
                // release threads or files; called however fit ends
            }
        };
        builder.setListeners(List.of(new CheckpointListener()))   // keep checkpoints, drop metrics.csv
                .addListener(alarm);
        // END
        // spotless:on
        return builder;
    }

    static Prediction averaging(
            SegmentationTrainer.Builder builder, Path runDir, Path slice, BatchSource trainData, BatchSource valData) {
        // spotless:off
        // GUIDE: averaging
        builder.optRunDirectory(runDir)
                .addListener(WeightAveraging.builder().setEma(0.999).build())                 // RUN/ema/
                .addListener(WeightAveraging.builder().setSwa().optStartEpoch(2).build());    // RUN/swa/
        try (SegmentationTrainer trainer = builder.build()) {
            trainer.fit(trainData, valData);
        }
        try (SegmentationPredictor averaged = SegmentationPredictor.load(runDir.resolve("ema"))) {
            return averaged.predict(slice);
        }
        // END
        // spotless:on
    }

    static TrainingResult resume(
            Path runDir, Loss loss, SegmentationMetric dice, BatchSource trainData, BatchSource valData) {
        // spotless:off
        // GUIDE: resume
        try (SegmentationTrainer trainer = SegmentationTrainer.resume(runDir)   // settings + model from the run
                .setLoss(loss)                                                // the same loss, metrics and
                .addMetric(dice)                                              // transforms as the first run
                .build()) {
            return trainer.fit(trainData, valData);                           // continues after last/
        }
        // END
        // spotless:on
    }

    static Block ownership(Block model, Loss loss, BatchSource trainData) {
        // spotless:off
        // GUIDE: ownership
        try (NDManager parameters = NDManager.newBaseManager()) {
            try (SegmentationTrainer trainer = SegmentationTrainer.builder()
                    .setModel(model).setLoss(loss).setEpochs(1)
                    .optMonitor(Monitor.min(Monitor.TRAIN_LOSS))
                    .optModelManager(parameters)                  // the parameters go here
                    .build()) {
                trainer.fit(trainData, null);
            }                                                     // frees the optimizer state only
            // model is still usable here: predict, save, train again with a new trainer
        }                                                         // frees the parameters
        // END
        // spotless:on
        return model;
    }

    static List<Prediction> predict(Path runDir, Path patientDir) {
        // spotless:off
        // GUIDE: predict
        try (SegmentationPredictor best = SegmentationPredictor.load(runDir);           // best/, strictly
                SegmentationPredictor last = SegmentationPredictor.load(runDir, "last")) { // explicit choice
            System.out.println("scoring " + best.getCheckpointDirectory() + " rather than "
                    + last.getCheckpointDirectory());
            return best.predictFolder(patientDir);
        }
        // END
        // spotless:on
    }

    @Test
    void theGuidesSnippetsRun() throws IOException {
        Path run = tmp.resolve("run");
        SquareSource train = new SquareSource(16, 8, Fixtures.SIZE, 3, true);
        SquareSource val = new SquareSource(8, 8, Fixtures.SIZE, 4, false);
        Loss bce = Loss.sigmoidBinaryCrossEntropyLoss();
        TrainingResult first = train(TinyConvNet.of(8, 0), bce, new TestDice(), train, val, run);
        assertThat(first.getHistory()).hasSize(3);
        assertThat(optimizers()).extracting(ResumableOptimizer::getType).containsExactly("AdamW", "Adam", "SGD");
        LearningRateSchedule warm = schedules().get(1);
        Monitor dice = Monitor.max("dice");
        // 2e-3·1/4, ·2/4, ·3/4 in epochs 0-2, 2e-3 at 3, and 2e-5 at 30 = 3 + the cosine's 27.
        assertThat(warm.learningRate(0, List.of(), dice)).isCloseTo(5e-4, within(1e-18));
        assertThat(warm.learningRate(3, List.of(), dice)).isCloseTo(2e-3, within(1e-18));
        assertThat(warm.learningRate(30, List.of(), dice)).isEqualTo(2e-5);
        try (SegmentationTrainer t = listeners(SegmentationTrainer.builder())
                .setModel(TinyConvNet.of(4, 0))
                .setLoss(bce)
                .setEpochs(1)
                .build()) {
            assertThat(t.getConfig().getListeners()).hasSize(2).first().isInstanceOf(CheckpointListener.class);
        }

        // Resume: a run stopped after one epoch continues to three.
        Path cut = tmp.resolve("cut");
        try (SegmentationTrainer t = SegmentationTrainer.builder()
                .setModel(TinyConvNet.of(8, 0))
                .setLoss(bce)
                .addMetric(new TestDice())
                .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-5).build())
                .optSchedule(LearningRateSchedule.cosine(1e-2, 1e-4, 3))
                .setEpochs(3)
                .optGradientClipping(0.5)
                .optSeed(42)
                .optRunDirectory(cut)
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                        ctx.requestStop("stopped");
                    }
                })
                .build()) {
            t.fit(train, val);
        }
        TrainingResult resumed = resume(cut, bce, new TestDice(), train, val);
        assertThat(resumed.getHistory()).hasSize(3);
        assertThat(resumed.getLast().getTrainLoss()).isEqualTo(first.getLast().getTrainLoss());

        Block model = ownership(TinyConvNet.of(4, 0), bce, train);
        assertThat(model.getParameters().valueAt(0).getArray().isReleased()).isTrue();

        Path patient = tmp.resolve("patient");
        Files.createDirectories(patient);
        ReadmeExampleTest.writeSlices(patient, 2, 10);
        assertThat(predict(run, patient)).hasSize(2);

        Path averagedRun = tmp.resolve("averaged");
        Path slice;
        try (java.util.stream.Stream<Path> files = Files.list(patient)) {
            slice = files.filter(f -> !f.toString().endsWith("_mask.tif"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        Prediction p = averaging(
                SegmentationTrainer.builder()
                        .setModel(TinyConvNet.of(8, 0))
                        .setLoss(bce)
                        .addMetric(new TestDice())
                        .setEpochs(3),
                averagedRun,
                slice,
                train,
                val);
        assertThat(p).isNotNull();
        assertThat(Checkpoint.read(averagedRun.resolve("swa"))
                        .readState()
                        .get("updates")
                        .getAsLong())
                .isEqualTo(1);
    }

    @Test
    void theGuideShowsEverySnippetVerbatim() throws IOException {
        Path guide = Path.of("..", "docs", "training.md");
        assertThat(guide).as("docs/training.md beside the module").isRegularFile();
        String doc = Files.readString(guide, StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(
                Path.of("src/test/java/io/brainseg/core/train/TrainingGuideTest.java"), StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("// GUIDE: ")) {
                String name = l.substring("// GUIDE: ".length());
                int indent = lines.get(i).indexOf("//");
                StringBuilder block = new StringBuilder();
                for (int j = i + 1; !lines.get(j).strip().equals("// END"); j++) {
                    String line = lines.get(j);
                    block.append(line.length() >= indent ? line.substring(indent) : line.strip())
                            .append('\n');
                }
                assertThat(doc).as("snippet '%s' in docs/training.md", name).contains("```java\n" + block + "```");
                names.add(name);
            }
        }
        assertThat(names)
                .containsExactly(
                        "train", "optimizers", "schedules", "listeners", "averaging", "resume", "ownership", "predict");
    }
}
