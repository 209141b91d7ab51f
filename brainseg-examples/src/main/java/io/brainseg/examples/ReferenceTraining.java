package io.brainseg.examples;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import io.brainseg.core.train.LearningRateSchedule;
import io.brainseg.core.train.Monitor;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.TrainingListener;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.data.SliceCache;
import io.brainseg.data.SliceLoader;
import io.brainseg.metrics.DiceMetric;
import io.brainseg.metrics.VolumeDice;
import io.brainseg.report.ReportListeners;
import io.brainseg.transforms.Transforms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param warmup epochs of linear warm-up before that schedule ({@link LearningRateSchedule#warmup}),
 *     0 for none; the cosine then runs over the {@code epochs − warmup} epochs left
 * @param batchSize slices per batch
 * @param epochs maximum epochs
 * @param patience early-stopping patience in epochs (0: none)
 * @param crop side of the training and validation crops
 * @param seed seed of shuffling, augmentation and initialisation
 * @param device the device
 * @param timeLimit wall-clock budget, or null for none
 * @param quiet whether to hide the console progress bar
 * @param loss the DiceFocal settings
 * @param tumourShare share of each epoch's samples drawn from slices with tumour, or null for every
 *     slice once per epoch ({@link SliceLoader.Builder#optTumourShare})
 * @param listeners added to the trainer after the pipeline's own (the CLI's argument recorder, weight
 *     averaging)
 */
record ReferenceTraining(
        ModelChoice model,
        int filters,
        int resUnits,
        double dropout,
        double lr,
        boolean cosine,
        int warmup,
        int batchSize,
        int epochs,
        int patience,
        int crop,
        long seed,
        Device device,
        Duration timeLimit,
        boolean quiet,
        LossSettings loss,
        Double tumourShare,
        List<TrainingListener> listeners) {

    static final String DICE = "dice";
    static final String PATIENT_DICE = "patient_dice";

    ReferenceTraining {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(loss, "loss");
        listeners = List.copyOf(listeners);
        if (filters < 1) {
            throw new IllegalArgumentException("filters must be >= 1, got " + filters);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (warmup < 0 || warmup >= epochs) {
            throw new IllegalArgumentException(
                    "warm-up must be >= 0 and shorter than the " + epochs + " epochs, got " + warmup);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        if (crop < 16 || crop % 16 != 0) {
            // Four stride-2 levels: every side must halve four times without remainder.
            throw new IllegalArgumentException(
                    "--crop must be a positive multiple of 16 (the network halves it " + "four times), got " + crop);
        }
    }

    /**
     * Returns these settings with one more listener.
     *
     * @param listener added after the others
     * @return a copy
     */
    ReferenceTraining withListener(TrainingListener listener) {
        List<TrainingListener> more = new java.util.ArrayList<>(listeners);
        more.add(listener);
        return new ReferenceTraining(
                model,
                filters,
                resUnits,
                dropout,
                lr,
                cosine,
                warmup,
                batchSize,
                epochs,
                patience,
                crop,
                seed,
                device,
                timeLimit,
                quiet,
                loss,
                tumourShare,
                more);
    }

    /**
     * Trains on {@code train}, validates on {@code val} and writes the run directory. The network
     * takes the slices' channel count ({@link SliceCache#getChannels()}): 3, or {@code 3·(2K+1)} for
     * a 2.5-D cache ({@link SliceCache#withContext}), so the model's spec records the context.
     *
     * @param train the training slices
     * @param val the validation slices
     * @param runDir the run directory
     * @return the result
     * @throws IllegalArgumentException if the training or validation set is empty, or the settings
     *     need more native memory than the machine has (the message says what to lower)
     */
    TrainingResult run(SliceCache train, SliceCache val, Path runDir) {
        return run(train, val, runDir, false);
    }

    /**
     * Trains, or with {@code resume} continues the run in {@code runDir} from its {@code last/}
     * checkpoint with the settings saved in its {@code config.json} (as {@link SegmentationTrainer#resume}:
     * the same numbers as an uninterrupted run, given the same data). The loss, metrics and
     * transforms are this pipeline's, as in the original run; {@code epochs}, the device, the time
     * limit and quiet apply to the continued run.
     *
     * @param train the training slices
     * @param val the validation slices
     * @param runDir the run directory
     * @param resume whether to continue the run in {@code runDir}
     * @return the result
     */
    TrainingResult run(SliceCache train, SliceCache val, Path runDir, boolean resume) {
        return run(train, val, runDir, resume, null);
    }

    /**
     * Trains as {@link #run(SliceCache, SliceCache, Path, boolean)}, with a transform appended to
     * both pipelines (the search's budget mode downsamples the crops this way).
     *
     * @param train the training slices
     * @param val the validation slices
     * @param runDir the run directory
     * @param resume whether to continue the run in {@code runDir}
     * @param suffix applied after the reference train and validation transforms, or null for none
     * @return the result
     */
    TrainingResult run(SliceCache train, SliceCache val, Path runDir, boolean resume, BatchTransform suffix) {
        requireSlices(train, "training");
        requireSlices(val, "validation");
        if (train.getChannels() != val.getChannels()) {
            throw new IllegalArgumentException("the training slices have " + train.getChannels()
                    + " channels and the validation slices " + val.getChannels() + "; stack both with one context");
        }
        if (train.size() < batchSize) {
            throw new IllegalArgumentException("the training set has " + train.size() + " slices, fewer than --batch "
                    + batchSize + " (incomplete batches are dropped, so no step would run); lower --batch");
        }
        SliceLoader.Builder trainLoader = SliceLoader.builder()
                .setCache(train)
                .setBatchSize(batchSize)
                .optShuffle(true)
                .optDropLast(true)
                .optSeed(seed);
        if (tumourShare != null) {
            trainLoader.optTumourShare(tumourShare);
        }
        SliceLoader trainData = trainLoader.build();
        SliceLoader valData = SliceLoader.builder()
                .setCache(val)
                .setBatchSize(batchSize)
                .optShuffle(false)
                .optDropLast(false)
                .optSeed(seed)
                .build();
        SegmentationTrainer.Builder builder;
        if (resume) {
            builder = SegmentationTrainer.resume(runDir).setEpochs(epochs);
        } else {
            LearningRateSchedule schedule = cosine
                    ? LearningRateSchedule.cosine(lr, lr / 100, epochs - warmup)
                    : LearningRateSchedule.constant(lr);
            if (warmup > 0) {
                schedule = LearningRateSchedule.warmup(warmup, schedule);
            }
            builder = SegmentationTrainer.builder()
                    .setModel(model.build(train.getChannels(), filters, resUnits, dropout))
                    .optMonitor(Monitor.max(DICE))
                    .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-5).build())
                    .optSchedule(schedule)
                    .setEpochs(epochs)
                    .optGradientClipping(0.5)
                    .optSeed(seed)
                    .optRunDirectory(runDir);
            if (patience > 0) {
                builder.optEarlyStopping(Monitor.max(DICE), patience, 0.0);
            }
        }
        builder.setLoss(loss.build())
                .addMetric(DiceMetric.builder().optName(DICE).build())
                .addMetric(VolumeDice.builder().optName(PATIENT_DICE).build())
                .optTrainTransform(withSuffix(Transforms.referenceTrain(crop), suffix))
                .optValTransform(withSuffix(Transforms.referenceValidation(crop), suffix))
                .optDevice(device);
        // Presentation (curves, prediction images, progress bar) is opt-in, from brainseg-report;
        // a resumed run gets it too, since listeners are not part of the saved configuration.
        ReportListeners.create(4, quiet).forEach(builder::addListener);
        if (timeLimit != null) {
            builder.addListener(new TimeBudget(timeLimit));
        }
        listeners.forEach(builder::addListener);
        try (SegmentationTrainer trainer = builder.build()) {
            return trainer.fit(trainData, valData);
        } catch (EngineException e) {
            throw NativeMemory.explain(
                    e,
                    String.format(
                            java.util.Locale.ROOT,
                            "lower --batch (%d), --filters (%d) or --crop (%d)",
                            batchSize,
                            filters,
                            crop));
        }
    }

    private static BatchTransform withSuffix(BatchTransform pipeline, BatchTransform suffix) {
        return suffix == null
                ? pipeline
                : Transforms.compose().add(pipeline).add(suffix).build();
    }

    private static void requireSlices(SliceCache cache, String set) {
        if (cache.size() == 0) {
            throw new IllegalArgumentException("the " + set + " set is empty: no patient of the split is in it "
                    + "(check --val-patients / --val-fraction and that the data has enough patients)");
        }
    }
}
