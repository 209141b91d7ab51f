package io.brainseg.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.training.loss.Loss;
import io.brainseg.core.train.Fixtures;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.SquareSource;
import io.brainseg.core.train.TrainingContext;
import io.brainseg.core.train.TrainingDivergedException;
import io.brainseg.core.train.TrainingListener;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presentation set added to a trainer: its files, and its progress thread closed on failure. */
class ReportListenersTest {

    @TempDir
    Path tmp;

    @Test
    void theReportSetWritesCurvesAndPredictionImagesBesideTheDefaults() {
        Path run = tmp.resolve("run");
        SegmentationTrainer.Builder b = Fixtures.builder(run, 2);
        ReportListeners.create(2, true).forEach(b::addListener);
        int best;
        try (SegmentationTrainer t = b.build()) {
            best = t.fit(
                            new SquareSource(16, 8, Fixtures.SIZE, 3, true),
                            new SquareSource(8, 8, Fixtures.SIZE, 4, false))
                    .getBestEpoch();
        }
        assertThat(run.resolve(CurvePlotter.FILE)).isRegularFile();
        assertThat(run.resolve(PredictionLogger.DIR).resolve(String.format("epoch-%03d.png", best + 1)))
                .isRegularFile(); // images count epochs from 1
        assertThat(run.resolve("metrics.csv")).isRegularFile();
        assertThat(ReportListeners.create(0, false))
                .extracting(Object::getClass)
                .containsExactly(CurvePlotter.class, ConsoleProgress.class);
    }

    @Test
    void theProgressBarIsClosedWhenTrainingDiverges() {
        ConsoleProgress progress = new ConsoleProgress();
        boolean[] openWhenFailing = new boolean[1];
        Loss nanAtSecondStep = Fixtures.nanFromCall(1);
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onException(TrainingContext ctx, Throwable error) {
                openWhenFailing[0] = progress.isOpen();
            }
        };
        try (SegmentationTrainer t = Fixtures.builder(null, 2)
                .setLoss(nanAtSecondStep)
                .optMonitor(io.brainseg.core.train.Monitor.min("train_loss"))
                .addListener(progress)
                .addListener(probe)
                .build()) {
            assertThatThrownBy(() -> t.fit(new SquareSource(16, 8, Fixtures.SIZE, 3, true), null))
                    .isInstanceOf(TrainingDivergedException.class);
        }
        assertThat(openWhenFailing[0]).as("the bar was open mid-epoch").isTrue();
        assertThat(progress.isOpen()).as("closed by the finally path").isFalse();
    }
}
