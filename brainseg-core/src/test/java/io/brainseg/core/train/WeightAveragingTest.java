package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The averages a {@link WeightAveraging} writes equal a float64 average of the weights a recording
 * listener saw; training is byte-for-byte the same with and without it; a resumed run ends with the
 * same average as an uninterrupted one.
 */
class WeightAveragingTest {

    private static final int EPOCHS = 3;

    @TempDir
    Path tmp;

    /** Copies every parameter to float64 after each step and at each epoch end. */
    private static final class WeightRecorder implements TrainingListener {
        final List<double[][]> afterSteps = new ArrayList<>();
        final List<double[][]> afterEpochs = new ArrayList<>();

        @Override
        public void onBatchEnd(TrainingContext ctx, BatchRecord batch) {
            afterSteps.add(snapshot(ctx.getModel()));
        }

        @Override
        public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
            afterEpochs.add(snapshot(ctx.getModel()));
        }
    }

    private static double[][] snapshot(Block model) {
        List<double[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            float[] f = p.getValue().getArray().toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            out.add(d);
        }
        return out.toArray(double[][]::new);
    }

    private static double[][] saved(Path checkpointDir) {
        try (NDManager m = NDManager.newBaseManager()) {
            return snapshot(Checkpoint.read(checkpointDir).loadBlock(m));
        }
    }

    private static TrainingResult fit(Path run, TrainingListener... listeners) {
        SegmentationTrainer.Builder b = Fixtures.builder(run, EPOCHS);
        for (TrainingListener l : listeners) {
            b.addListener(l);
        }
        try (SegmentationTrainer t = b.build()) {
            return t.fit(Fixtures.train(), Fixtures.val());
        }
    }

    private static void assertClose(double[][] actual, double[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int p = 0; p < expected.length; p++) {
            for (int i = 0; i < expected[p].length; i++) {
                double tol = 1e-6 + 1e-5 * Math.abs(expected[p][i]);
                assertThat(actual[p][i])
                        .as("parameter %d, element %d", p, i)
                        .isCloseTo(expected[p][i], org.assertj.core.data.Offset.offset(tol));
            }
        }
    }

    @Test
    void emaIsTheExponentialAverageOfTheWeightsAfterEveryStep() throws IOException {
        double decay = 0.9;
        WeightRecorder rec = new WeightRecorder();
        fit(tmp.resolve("run"), rec, WeightAveraging.builder().setEma(decay).build());
        double[][] avg = null;
        for (double[][] w : rec.afterSteps) {
            if (avg == null) {
                avg = copy(w);
            } else {
                for (int p = 0; p < w.length; p++) {
                    for (int i = 0; i < w[p].length; i++) {
                        avg[p][i] = decay * avg[p][i] + (1 - decay) * w[p][i];
                    }
                }
            }
        }
        Path dir = tmp.resolve("run").resolve("ema");
        assertClose(saved(dir), avg);
        // The average is not simply the last weights: the test would pass for a copy otherwise.
        assertThat(maxDifference(saved(dir), rec.afterSteps.get(rec.afterSteps.size() - 1)))
                .isGreaterThan(1e-4);
        JsonObject state = Checkpoint.read(dir).readState();
        assertThat(state.get("mode").getAsString()).isEqualTo("EMA");
        assertThat(state.get("updates").getAsLong()).isEqualTo(rec.afterSteps.size());
        assertThat(state.get("epochsCompleted").getAsInt()).isEqualTo(EPOCHS);
        assertThat(Checkpoint.read(dir).getEpoch()).isEqualTo(EPOCHS - 1);
    }

    @Test
    void swaIsTheMeanOfTheEndOfEpochWeightsFromTheStartEpoch() {
        WeightRecorder rec = new WeightRecorder();
        fit(
                tmp.resolve("run"),
                rec,
                WeightAveraging.builder().setSwa().optStartEpoch(1).build());
        double[][] mean = copy(rec.afterEpochs.get(1));
        double[][] last = rec.afterEpochs.get(2);
        for (int p = 0; p < mean.length; p++) {
            for (int i = 0; i < mean[p].length; i++) {
                mean[p][i] = (mean[p][i] + last[p][i]) / 2;
            }
        }
        Path dir = tmp.resolve("run").resolve("swa");
        assertClose(saved(dir), mean);
        assertThat(Checkpoint.read(dir).readState().get("updates").getAsLong()).isEqualTo(2);
    }

    @Test
    void trainingIsByteForByteTheSameWithAndWithoutAveraging() throws IOException {
        fit(tmp.resolve("plain"));
        fit(
                tmp.resolve("averaged"),
                WeightAveraging.builder().setEma(0.99).build(),
                WeightAveraging.builder().setSwa().build());
        for (String dir : new String[] {Checkpoint.LAST, Checkpoint.BEST}) {
            assertThat(Files.readAllBytes(tmp.resolve("averaged").resolve(dir).resolve(Checkpoint.PARAMETERS)))
                    .as(dir)
                    .isEqualTo(
                            Files.readAllBytes(tmp.resolve("plain").resolve(dir).resolve(Checkpoint.PARAMETERS)));
        }
        assertThat(tmp.resolve("averaged").resolve("ema")).isDirectory();
        assertThat(tmp.resolve("averaged").resolve("swa")).isDirectory();
    }

    @Test
    void aResumedRunEndsWithTheSameAverageAsAnUninterruptedOne() throws IOException {
        Path full = tmp.resolve("full");
        Path cut = tmp.resolve("cut");
        fit(full, WeightAveraging.builder().setEma(0.9).build());
        fit(cut, WeightAveraging.builder().setEma(0.9).build(), stopAfterFirstEpoch());
        assertThat(Checkpoint.read(cut.resolve("ema"))
                        .readState()
                        .get("epochsCompleted")
                        .getAsInt())
                .isEqualTo(1);
        resume(cut, WeightAveraging.builder().setEma(0.9).build());
        assertThat(Files.readAllBytes(cut.resolve(Checkpoint.LAST).resolve(Checkpoint.PARAMETERS)))
                .as("the trained weights")
                .isEqualTo(Files.readAllBytes(full.resolve(Checkpoint.LAST).resolve(Checkpoint.PARAMETERS)));
        assertThat(Files.readAllBytes(cut.resolve("ema").resolve(Checkpoint.PARAMETERS)))
                .isEqualTo(Files.readAllBytes(full.resolve("ema").resolve(Checkpoint.PARAMETERS)));
        assertThat(Checkpoint.read(cut.resolve("ema")).readState().has("restartedAtEpoch"))
                .isFalse();
    }

    @Test
    void aResumedRunWithoutItsSavedAverageRestartsItAndRecordsWhen() throws IOException {
        Path cut = tmp.resolve("cut");
        fit(cut, WeightAveraging.builder().setEma(0.9).build(), stopAfterFirstEpoch());
        // As if the process died after writing last/ but before the average.
        Files.writeString(
                cut.resolve("ema").resolve(Checkpoint.STATE),
                "{\"mode\": \"EMA\", \"decay\": 0.9, " + "\"startEpoch\": 0, \"updates\": 1, \"epochsCompleted\": 0}");
        resume(cut, WeightAveraging.builder().setEma(0.9).build());
        JsonObject state = Checkpoint.read(cut.resolve("ema")).readState();
        assertThat(state.get("restartedAtEpoch").getAsInt()).isEqualTo(1);
        assertThat(state.get("epochsCompleted").getAsInt()).isEqualTo(EPOCHS);
        assertThat(state.get("updates").getAsLong())
                .isEqualTo((long) (EPOCHS - 1) * Fixtures.train().getNumBatches());
    }

    private static void resume(Path run, TrainingListener averaging) {
        try (SegmentationTrainer t = Fixtures.withRunSettings(SegmentationTrainer.resume(run))
                .addListener(averaging)
                .build()) {
            assertThat(t.fit(Fixtures.train(), Fixtures.val()).getHistory()).hasSize(EPOCHS);
        }
    }

    private static TrainingListener stopAfterFirstEpoch() {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                ctx.requestStop("interrupted");
            }
        };
    }

    @Test
    void withoutARunDirectoryNothingIsKept() {
        WeightAveraging ema = WeightAveraging.builder().setEma(0.9).build();
        try (SegmentationTrainer t = Fixtures.builder(null, 1).addListener(ema).build()) {
            t.fit(Fixtures.train(), Fixtures.val());
        }
        assertThat(ema.getUpdates()).isZero();
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> WeightAveraging.builder().build()).hasMessageContaining("setEma or setSwa");
        assertThatThrownBy(() -> WeightAveraging.builder().setEma(1).build())
                .hasMessageContaining("invalid decay = 1.0");
        assertThatThrownBy(() -> WeightAveraging.builder().setEma(0).build())
                .hasMessageContaining("invalid decay = 0.0");
        assertThatThrownBy(() ->
                        WeightAveraging.builder().setSwa().optStartEpoch(-1).build())
                .hasMessageContaining("invalid startEpoch = -1");
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static double maxDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int p = 0; p < a.length; p++) {
            for (int i = 0; i < a[p].length; i++) {
                max = Math.max(max, Math.abs(a[p][i] - b[p][i]));
            }
        }
        return max;
    }
}
