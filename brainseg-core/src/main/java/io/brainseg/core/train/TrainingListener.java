package io.brainseg.core.train;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.batch.SampleBatch;

/**
 * Callbacks of a training run (PyTorch Lightning's callbacks). All methods have empty defaults.
 * The built-in checkpointing, early stopping, prediction logging, CSV logging, curve plotting and
 * the console progress are listeners too.
 *
 * <p>Order at the end of an epoch: the record is appended to the history, then
 * {@link #onEpochEnd} runs for every listener in registration order, then, if the monitored value
 * improved, {@link #onBestImproved}. Listeners run on the training thread; exceptions propagate and
 * stop training.
 */
public interface TrainingListener {

    /**
     * Called once before the first epoch (also when resuming).
     *
     * @param ctx the run
     */
    default void onTrainingStart(TrainingContext ctx) {}

    /**
     * Called before an epoch's first batch.
     *
     * @param ctx the run
     * @param epoch the epoch, 0-based
     */
    default void onEpochStart(TrainingContext ctx, int epoch) {}

    /**
     * Called after each training step.
     *
     * @param ctx the run
     * @param batch what the step produced
     */
    default void onBatchEnd(TrainingContext ctx, BatchRecord batch) {}

    /**
     * Called after each validation batch with the transformed batch and the predicted
     * probabilities. The arrays are closed when the call returns: copy what you keep.
     *
     * @param ctx the run
     * @param epoch the epoch
     * @param index the validation batch index
     * @param batch the validation batch after the validation transforms
     * @param probabilities {@code sigmoid(logits)}, {@code N×1×H×W}
     */
    default void onValidationBatch(TrainingContext ctx, int epoch, int index, SampleBatch batch,
            NDArray probabilities) {}

    /**
     * Called after an epoch's validation.
     *
     * @param ctx the run
     * @param record the epoch's record, already in the history
     */
    default void onEpochEnd(TrainingContext ctx, EpochRecord record) {}

    /**
     * Called after {@link #onEpochEnd} when the monitored value improved on every earlier epoch.
     *
     * @param ctx the run
     * @param record the new best epoch
     */
    default void onBestImproved(TrainingContext ctx, EpochRecord record) {}

    /**
     * Called once when training ends normally (not when it fails).
     *
     * @param ctx the run
     * @param result the result
     */
    default void onTrainingEnd(TrainingContext ctx, TrainingResult result) {}
}
