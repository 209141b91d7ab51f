package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.task.BinarySegmentationTask;
import io.brainseg.core.train.optim.ResumableSgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json records every hyper-parameter, reads back into an equal configuration, and guards resume. */
class RunConfigTest {

    @TempDir
    Path tmp;

    private Path run;

    private static SquareSource train() {
        return new SquareSource(16, 8, Fixtures.SIZE, 3, true);
    }

    private static SquareSource val() {
        return new SquareSource(8, 8, Fixtures.SIZE, 4, false);
    }

    /** The parts a resumed run must set again, as the original run set them. */
    private static SegmentationTrainer.Builder parts(SegmentationTrainer.Builder b, double weight, float shift) {
        return b.setLoss(new ConfiguredParts.WeightedBce(weight))
                .addMetric(new TestDice())
                .optTrainTransform(new ConfiguredParts.ScaleAndShift(shift))
                .optValTransform(new ConfiguredParts.ScaleAndShift(shift));
    }

    @BeforeEach
    void trainOneEpochOfThree() {
        run = tmp.resolve("run");
        try (SegmentationTrainer t = parts(SegmentationTrainer.builder().setModel(TinyConvNet.of(4, 0.1)), 2.0, 0.25f)
                .optTask(BinarySegmentationTask.builder().optThreshold(0.4).build())
                .optOptimizer(ResumableSgd.builder()
                        .optMomentum(0.9)
                        .optDampening(0.1)
                        .optWeightDecay(1e-4)
                        .build())
                .optSchedule(LearningRateSchedule.step(0.05, 2, 0.5))
                .setEpochs(3)
                .optGradientClipping(2.0)
                .optEarlyStopping(Monitor.min(Monitor.VAL_LOSS), 4, 0.01)
                .optSeed(11)
                .optRunDirectory(run)
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                        ctx.requestStop("interrupted");
                    }
                })
                .build()) {
            t.fit(train(), val());
        }
    }

    private JsonObject saved() throws IOException {
        return JsonParser.parseString(Files.readString(run.resolve(RunConfig.FILE)))
                .getAsJsonObject();
    }

    @Test
    void everyHyperParameterIsRecordedWithItsValue() throws IOException {
        JsonObject c = saved();
        assertThat(c.getAsJsonObject("loss").get("class").getAsString()).endsWith("WeightedBce");
        assertThat(c.getAsJsonObject("loss")
                        .getAsJsonObject("config")
                        .get("weight")
                        .getAsDouble())
                .isEqualTo(2.0);
        assertThat(c.getAsJsonObject("loss")
                        .getAsJsonObject("config")
                        .get("name")
                        .getAsString())
                .isEqualTo("weighted_bce");
        assertThat(c.getAsJsonObject("trainTransform")
                        .getAsJsonObject("config")
                        .get("shift")
                        .getAsDouble())
                .isEqualTo(0.25);
        assertThat(c.getAsJsonObject("task")
                        .getAsJsonObject("config")
                        .get("threshold")
                        .getAsDouble())
                .isEqualTo(0.4);
        JsonObject opt = c.getAsJsonObject("optimizer");
        assertThat(opt.get("type").getAsString()).isEqualTo("SGD");
        assertThat(opt.get("momentum").getAsDouble()).isEqualTo(0.9);
        assertThat(opt.get("dampening").getAsDouble()).isEqualTo(0.1);
        assertThat(opt.get("weightDecay").getAsDouble()).isEqualTo(1e-4);
        assertThat(c.getAsJsonObject("schedule").get("type").getAsString()).isEqualTo("step");
        assertThat(c.get("gradientClipNorm").getAsDouble()).isEqualTo(2.0);
        assertThat(c.getAsJsonObject("earlyStopping").get("minDelta").getAsDouble())
                .isEqualTo(0.01);
        assertThat(c.getAsJsonObject("threads").get("availableProcessors").getAsInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.getAsJsonObject("engineProbe").get("defect").getAsBoolean())
                .isEqualTo(io.brainseg.core.engine.EngineProbe.verdict(ai.djl.Device.cpu())
                        .defect());
        assertThat(c.getAsJsonArray("metrics")
                        .get(0)
                        .getAsJsonObject()
                        .get("name")
                        .getAsString())
                .isEqualTo("dice");
    }

    @Test
    void resumeReadsBackAConfigurationThatWritesTheSameConfigJson() throws IOException {
        JsonObject saved = saved();
        try (SegmentationTrainer t =
                parts(SegmentationTrainer.resume(run), 2.0, 0.25f).build()) {
            JsonObject again = RunConfig.create(t.getConfig(), train(), val());
            saved.remove("data");
            again.remove("data");
            assertThat(RunConfig.firstDifference("config", saved, again)).isNull();
            assertThat(t.getConfig().getTask())
                    .isInstanceOfSatisfying(BinarySegmentationTask.class, task -> assertThat(task.getThreshold())
                            .isEqualTo(0.4));
            assertThat(t.getConfig().getMonitor()).isEqualTo(Monitor.max("dice"));
            assertThat(t.getConfig().getEarlyStopping().getMonitor()).isEqualTo(Monitor.min(Monitor.VAL_LOSS));
            assertThat(t.fit(train(), val()).getHistory()).hasSize(3);
        }
    }

    @Test
    void resumeRefusesALossThatDiffersNamingTheParameter() {
        try (SegmentationTrainer t =
                parts(SegmentationTrainer.resume(run), 3.0, 0.25f).build()) {
            assertThatThrownBy(() -> t.fit(train(), val()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the loss differs from the run's")
                    .hasMessageContaining("loss.config.weight: saved 2.0, now 3.0");
        }
    }

    @Test
    void resumeRefusesAPipelineThatDiffersNamingTheParameter() {
        try (SegmentationTrainer t =
                parts(SegmentationTrainer.resume(run), 2.0, 0.5f).build()) {
            assertThatThrownBy(() -> t.fit(train(), val()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("trainTransform.config.shift: saved 0.25, now 0.5");
        }
        try (SegmentationTrainer t = parts(SegmentationTrainer.resume(run), 2.0, 0.25f)
                .optValTransform(new io.brainseg.core.transform.ScaleToUnit())
                .build()) {
            assertThatThrownBy(() -> t.fit(train(), val()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("valTransform.class");
        }
    }
}
