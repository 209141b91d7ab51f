package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's contract: an immutable configuration per build, caller-owned parameters, one fit
 * per trainer, the failure hook and the finally path, and a replaceable default listener set.
 */
class TrainerContractTest {

    @TempDir
    Path tmp;

    private static SquareSource train() {
        return new SquareSource(16, 8, Fixtures.SIZE, 3, true);
    }

    private static SquareSource val() {
        return new SquareSource(8, 8, Fixtures.SIZE, 4, false);
    }

    @Test
    void buildingTwiceFromOneBuilderGivesIndependentTrainers() {
        SegmentationTrainer.Builder b = SegmentationTrainer.builder()
                .setModel(TinyConvNet.of(4, 0))
                .setLoss(Loss.sigmoidBinaryCrossEntropyLoss())
                .setEpochs(1)
                .optSeed(1);
        TrainingResult first;
        TrainingResult second;
        try (SegmentationTrainer t1 = b.build()) {
            b.addMetric(new TestDice()).optSeed(2).setEpochs(3);
            try (SegmentationTrainer t2 = b.build()) {
                // The first trainer kept the defaults resolved when it was built.
                assertThat(t1.getConfig().getMonitor()).isEqualTo(Monitor.min(Monitor.VAL_LOSS));
                assertThat(t1.getConfig().getMetrics()).isEmpty();
                assertThat(t1.getConfig().getSeed()).isEqualTo(1);
                assertThat(t1.getConfig().getEpochs()).isEqualTo(1);
                // The second sees the metric added in between, and monitors it.
                assertThat(t2.getConfig().getMonitor()).isEqualTo(Monitor.max("dice"));
                assertThat(t2.getConfig().getSeed()).isEqualTo(2);
                first = t1.fit(train(), val());
                second = t2.fit(train(), val());
            }
        }
        assertThat(first.getMonitor().getName()).isEqualTo("val_loss");
        assertThat(first.getHistory()).hasSize(1);
        assertThat(first.getLast().getMetrics()).isEmpty();
        assertThat(second.getMonitor().getName()).isEqualTo("dice");
        assertThat(second.getHistory()).hasSize(3);
        assertThat(second.getLast().getMetrics()).containsOnlyKeys("dice");
    }

    @Test
    void theCallersModelIsUsableAfterTheTrainerIsClosed() {
        Block model = TinyConvNet.of(4, 0);
        NDManager modelManager;
        try (SegmentationTrainer t = Fixtures.withRunSettings(
                        SegmentationTrainer.builder().setModel(model))
                .setEpochs(1)
                .build()) {
            t.fit(train(), val());
            modelManager = t.getModelManager();
        }
        try {
            for (Pair<String, Parameter> p : model.getParameters()) {
                assertThat(p.getValue().getArray().isReleased()).as(p.getKey()).isFalse();
                assertThat(p.getValue().getArray().getManager()).isSameAs(modelManager);
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.ones(new Shape(2, 3, Fixtures.SIZE, Fixtures.SIZE));
                NDArray y = model.forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow();
                assertThat(y.getShape()).isEqualTo(new Shape(2, 1, Fixtures.SIZE, Fixtures.SIZE));
                assertThat(y.isNaN().any().getBoolean()).isFalse();
            }
        } finally {
            modelManager.close();
        }
        assertThat(model.getParameters().get(0).getValue().getArray().isReleased())
                .isTrue();
    }

    @Test
    void parametersGoToTheModelManagerTheCallerGives() {
        Block model = TinyConvNet.of(4, 0);
        try (NDManager mine = NDManager.newBaseManager()) {
            try (SegmentationTrainer t = Fixtures.withRunSettings(
                            SegmentationTrainer.builder().setModel(model))
                    .optModelManager(mine)
                    .setEpochs(1)
                    .build()) {
                t.fit(train(), val());
                assertThat(t.getModelManager()).isSameAs(mine);
            }
            assertThat(model.getParameters().get(0).getValue().getArray().getManager())
                    .isSameAs(mine);
            assertThat(model.getParameters().get(0).getValue().getArray().isReleased())
                    .isFalse();
        }
    }

    @Test
    void aSecondFitIsRefusedWithAMessage() {
        try (SegmentationTrainer t = Fixtures.builder(null, 1).build()) {
            t.fit(train(), val());
            assertThatThrownBy(() -> t.fit(train(), val()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("fit was already called on this trainer")
                    .hasMessageContaining("build another");
        }
    }

    @Test
    void onDivergenceTheFailureHookRunsAndEveryListenerIsClosed() {
        RecordingListener a = new RecordingListener();
        RecordingListener b = new RecordingListener();
        Loss nan = Fixtures.nanFromCall(0);
        try (SegmentationTrainer t = Fixtures.builder(null, 2)
                .setLoss(nan)
                .addListener(a)
                .addListener(b)
                .build()) {
            assertThatThrownBy(() -> t.fit(train(), val())).isInstanceOf(TrainingDivergedException.class);
        }
        for (RecordingListener l : List.of(a, b)) {
            assertThat(l.calls).containsExactly("start", "exception", "close");
            assertThat(l.error).isInstanceOf(TrainingDivergedException.class);
        }
    }

    @Test
    void aListenerFailureReachesTheCallerAfterTheHooksAndCloses() {
        RecordingListener rec = new RecordingListener();
        TrainingListener failing = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                throw new IllegalStateException("listener broke at epoch " + record.getEpoch());
            }

            @Override
            public void close() {
                throw new IllegalStateException("close broke too");
            }
        };
        try (SegmentationTrainer t =
                Fixtures.builder(null, 3).addListener(failing).addListener(rec).build()) {
            assertThatThrownBy(() -> t.fit(train(), val()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("listener broke at epoch 0")
                    .satisfies(e -> assertThat(e.getSuppressed())
                            .extracting(Throwable::getMessage)
                            .containsExactly("close broke too"));
        }
        // The failing listener ran before rec's onEpochEnd: rec saw start, the failure, close.
        assertThat(rec.calls).containsExactly("start", "exception", "close");
        assertThat(rec.error).hasMessage("listener broke at epoch 0");
    }

    @Test
    void aNormalEndClosesListenersAfterTrainingEnd() {
        RecordingListener rec = new RecordingListener();
        try (SegmentationTrainer t = Fixtures.builder(null, 2).addListener(rec).build()) {
            t.fit(train(), val());
        }
        assertThat(rec.calls).containsExactly("start", "epochEnd 0", "epochEnd 1", "end", "close");
        assertThat(rec.error).isNull();
    }

    @Test
    void theDefaultListenersCanBeTrimmedOrReplaced() {
        Path none = tmp.resolve("none");
        try (SegmentationTrainer t =
                Fixtures.builder(none, 1).setListeners(List.of()).build()) {
            assertThat(t.getConfig().getListeners()).isEmpty();
            t.fit(train(), val());
        }
        assertThat(none.resolve(RunConfig.FILE)).isRegularFile();
        assertThat(none.resolve(Checkpoint.LAST)).doesNotExist();
        assertThat(none.resolve(CsvLogger.FILE)).doesNotExist();

        Path csvOnly = tmp.resolve("csv");
        try (SegmentationTrainer t = Fixtures.builder(csvOnly, 1)
                .setListeners(List.of(new CsvLogger()))
                .build()) {
            t.fit(train(), val());
        }
        assertThat(csvOnly.resolve(CsvLogger.FILE)).isRegularFile();
        assertThat(csvOnly.resolve(Checkpoint.BEST)).doesNotExist();

        assertThat(SegmentationTrainer.defaultListeners())
                .extracting(Object::getClass)
                .containsExactly(CheckpointListener.class, CsvLogger.class);
    }

    @Test
    void coreCarriesNoChartLibrary() {
        // Presentation lives in brainseg-report: an embedded trainer cannot load JFreeChart.
        assertThatThrownBy(() -> Class.forName("org.jfree.chart.JFreeChart"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("me.tongfei.progressbar.ProgressBar"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
