package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.train.optim.ResumableAdam;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.core.train.optim.ResumableOptimizer;
import io.brainseg.core.train.optim.ResumableSgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With every optimizer, a run stopped after its first epoch and resumed from {@code last/} ends
 * with the same numbers, and the same parameter bytes, as the uninterrupted run.
 */
class ExactResumeTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(
                        "AdamW", ResumableAdamW.builder().optWeightDecay(1e-3).build()),
                Arguments.of(
                        "Adam", ResumableAdam.builder().optWeightDecay(1e-3).build()),
                Arguments.of(
                        "SGD Nesterov",
                        ResumableSgd.builder()
                                .optMomentum(0.9)
                                .optNesterov(true)
                                .optWeightDecay(1e-3)
                                .build()));
    }

    private static SegmentationTrainer.Builder builder(Path run, ResumableOptimizer opt) {
        return Fixtures.builder(run, 3).optOptimizer(opt);
    }

    private static TrainingListener stopAfterFirstEpoch() {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                ctx.requestStop("interrupted");
            }
        };
    }

    private static SquareSource train() {
        return new SquareSource(24, 8, Fixtures.SIZE, 3, true);
    }

    private static SquareSource val() {
        return new SquareSource(8, 8, Fixtures.SIZE, 4, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumeEndsExactlyLikeAnUninterruptedRun(String name, ResumableOptimizer opt) throws IOException {
        Path full = tmp.resolve("full");
        Path cut = tmp.resolve("cut");
        TrainingResult expected;
        try (SegmentationTrainer t = builder(full, opt).build()) {
            expected = t.fit(train(), val());
        }
        try (SegmentationTrainer t =
                builder(cut, opt).addListener(stopAfterFirstEpoch()).build()) {
            assertThat(t.fit(train(), val()).getHistory()).hasSize(1);
        }
        TrainingResult resumed;
        try (SegmentationTrainer t =
                Fixtures.withRunSettings(SegmentationTrainer.resume(cut)).build()) {
            assertThat(t.getConfig().getOptimizer().toJson()).isEqualTo(opt.toJson());
            resumed = t.fit(train(), val());
        }
        assertThat(resumed.getHistory()).hasSize(3);
        for (int e = 0; e < 3; e++) {
            EpochRecord a = resumed.getHistory().get(e);
            EpochRecord b = expected.getHistory().get(e);
            assertThat(a.getTrainLoss()).as("%s train loss, epoch %d", name, e).isEqualTo(b.getTrainLoss());
            assertThat(a.getValLoss()).as("%s val loss, epoch %d", name, e).isEqualTo(b.getValLoss());
            assertThat(a.getMetrics()).as("%s metrics, epoch %d", name, e).isEqualTo(b.getMetrics());
        }
        // The losses moved: this is training, not a constant.
        assertThat(expected.getLast().getTrainLoss())
                .isNotEqualTo(expected.getHistory().get(0).getTrainLoss());
        for (String file : new String[] {Checkpoint.PARAMETERS, Checkpoint.OPTIMIZER}) {
            assertThat(Files.readAllBytes(cut.resolve(Checkpoint.LAST).resolve(file)))
                    .as("%s %s", name, file)
                    .isEqualTo(Files.readAllBytes(full.resolve(Checkpoint.LAST).resolve(file)));
        }
    }
}
