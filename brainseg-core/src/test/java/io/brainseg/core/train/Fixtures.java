package io.brainseg.core.train;

import ai.djl.training.loss.Loss;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.core.transform.ScaleToUnit;
import java.nio.file.Path;

/** Shared settings of the trainer tests: a tiny net on 32×32 bright-square slices. */
public final class Fixtures {

    /** Image side. */
    public static final int SIZE = 32;

    private Fixtures() {}

    public static SquareSource train() {
        return new SquareSource(48, 8, SIZE, 1, true);
    }

    public static SquareSource val() {
        return new SquareSource(16, 8, SIZE, 2, false);
    }

    /** Everything but the model, as a resumed run must set it again. */
    public static SegmentationTrainer.Builder withRunSettings(SegmentationTrainer.Builder b) {
        return b.setLoss(Loss.sigmoidBinaryCrossEntropyLoss())
                .addMetric(new TestDice())
                .optTrainTransform(new ScaleToUnit())
                .optValTransform(new ScaleToUnit());
    }

    public static SegmentationTrainer.Builder builder(Path runDir, int epochs) {
        return withRunSettings(SegmentationTrainer.builder().setModel(TinyConvNet.of(16, 0.1)))
                .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-4).build())
                .optSchedule(LearningRateSchedule.cosine(1e-2, 1e-3, epochs))
                .setEpochs(epochs)
                .optGradientClipping(1.0)
                .optSeed(7)
                .optRunDirectory(runDir);
    }

    /**
     * Binary cross-entropy that returns NaN from call {@code poisonedCall} on (0-based; training
     * and validation calls both count), to make a run diverge at a known step.
     */
    public static Loss nanFromCall(int poisonedCall) {
        return new Loss("poisoned") {
            private final Loss inner = Loss.sigmoidBinaryCrossEntropyLoss();
            private int calls;

            @Override
            public ai.djl.ndarray.NDArray evaluate(ai.djl.ndarray.NDList labels, ai.djl.ndarray.NDList predictions) {
                ai.djl.ndarray.NDArray l = inner.evaluate(labels, predictions);
                return calls++ >= poisonedCall ? l.mul(Float.NaN) : l;
            }
        };
    }
}
