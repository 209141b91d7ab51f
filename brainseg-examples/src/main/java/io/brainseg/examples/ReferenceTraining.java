package io.brainseg.examples;

import ai.djl.Device;
import ai.djl.nn.Block;
import io.brainseg.data.SliceCache;
import io.brainseg.data.SliceLoader;
import io.brainseg.core.train.LearningRateSchedule;
import io.brainseg.core.train.Monitor;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.report.ReportListeners;
import io.brainseg.metrics.DiceMetric;
import io.brainseg.metrics.VolumeDice;
import io.brainseg.metrics.loss.DiceFocalLoss;
import io.brainseg.transforms.Transforms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The reference pipeline of the project brainseg generalises, in one place for {@code train} and
 * {@code quickstart}: RandFlip → RandRotate ±0.26 → RandSpatialCrop → RandScaleIntensity →
 * RandShiftIntensity → RandGaussianNoise for training, centre crop for validation; DiceFocal loss;
 * AdamW (weight decay 1e-5) with gradient clipping 0.5; per-slice Dice (monitored) and per-patient
 * Dice on the validation patients; best checkpoint by Dice; early stopping.
 *
 * @param model the network
 * @param filters f, the first level's channels (levels f, 2f, 4f, 8f, 16f)
 * @param resUnits residual units per UNet level
 * @param dropout dropout probability
 * @param lr learning rate
 * @param cosine whether the learning rate follows a cosine schedule over {@code epochs} (else constant)
 * @param batchSize slices per batch
 * @param epochs maximum epochs
 * @param patience early-stopping patience in epochs (0: none)
 * @param crop side of the training and validation crops
 * @param seed seed of shuffling, augmentation and initialisation
 * @param device the device
 * @param timeLimit wall-clock budget, or null for none
 * @param quiet whether to hide the console progress bar
 */
record ReferenceTraining(ModelChoice model, int filters, int resUnits, double dropout, double lr, boolean cosine,
        int batchSize, int epochs, int patience, int crop, long seed, Device device, Duration timeLimit,
        boolean quiet) {

    static final String DICE = "dice";
    static final String PATIENT_DICE = "patient_dice";

    ReferenceTraining {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        if (filters < 1) {
            throw new IllegalArgumentException("filters must be >= 1, got " + filters);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
    }

    /**
     * Trains on {@code train}, validates on {@code val} and writes the run directory.
     *
     * @param train the training slices
     * @param val the validation slices
     * @param runDir the run directory
     * @return the result
     */
    TrainingResult run(SliceCache train, SliceCache val, Path runDir) {
        SliceLoader trainData = SliceLoader.builder().setCache(train).setBatchSize(batchSize).optShuffle(true)
                .optDropLast(true).optSeed(seed).build();
        SliceLoader valData = SliceLoader.builder().setCache(val).setBatchSize(batchSize).optShuffle(false)
                .optDropLast(false).optSeed(seed).build();
        Block block = model.build(filters, resUnits, dropout);
        LearningRateSchedule schedule = cosine ? LearningRateSchedule.cosine(lr, lr / 100, epochs)
                : LearningRateSchedule.constant(lr);
        SegmentationTrainer.Builder builder = SegmentationTrainer.builder()
                .setModel(block)
                .setLoss(DiceFocalLoss.builder().build())
                .addMetric(DiceMetric.builder().optName(DICE).build())
                .addMetric(VolumeDice.builder().optName(PATIENT_DICE).build())
                .optMonitor(Monitor.max(DICE))
                .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-5).build())
                .optSchedule(schedule)
                .setEpochs(epochs)
                .optGradientClipping(0.5)
                .optTrainTransform(Transforms.referenceTrain(crop))
                .optValTransform(Transforms.referenceValidation(crop))
                .optDevice(device)
                .optSeed(seed)
                .optRunDirectory(runDir);
        // Presentation (curves, prediction images, progress bar) is opt-in, from brainseg-report.
        ReportListeners.create(4, quiet).forEach(builder::addListener);
        if (patience > 0) {
            builder.optEarlyStopping(Monitor.max(DICE), patience, 0.0);
        }
        if (timeLimit != null) {
            builder.addListener(new TimeBudget(timeLimit));
        }
        try (SegmentationTrainer trainer = builder.build()) {
            return trainer.fit(trainData, valData);
        }
    }
}
