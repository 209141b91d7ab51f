package io.brainseg.core.train;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.batch.SampleBatch;

/**
 * Callbacks of a training run (PyTorch Lightning's callbacks). All methods have empty defaults.
 * Checkpointing, CSV logging and early stopping are listeners too, as are the presentation
 * listeners of the {@code brainseg-report} module (curves, prediction images, progress bar).
 *
 * <p>Order at the end of an epoch: the record is appended to the history, then
 * {@link #onEpochEnd} runs for every listener in registration order, then, if the monitored value
 * improved, {@link #onBestImproved}. Listeners run on the training thread; exceptions propagate and
 * stop training.
 *
 * <p><b>Failure and clean-up.</b> Whatever ends {@code fit} — normal end, divergence, an exception
 * in a listener, a data error — every listener is {@linkplain #close() closed} once, in a
 * {@code finally} path, so threads and files a listener opened (a progress bar's refresh thread) are
 * released. When {@code fit} ends with an exception, {@link #onException} runs first for every
 * listener (Lightning's {@code on_exception}); an exception thrown by a hook or by {@code close} is
 * added to the original one as suppressed, never replaces it.
 */
public interface TrainingListener extends AutoCloseable {

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
    default void onValidationBatch(
            TrainingContext ctx, int epoch, int index, SampleBatch batch, NDArray probabilities) {}

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

    /**
     * Called once when {@code fit} ends with an exception (divergence, a data error, a listener's
     * failure), before the exception reaches the caller and before {@link #close()}.
     *
     * @param ctx the run
     * @param error what ended training
     */
    default void onException(TrainingContext ctx, Throwable error) {}

    /**
     * Releases what the listener holds (threads, files). Called once when {@code fit} returns or
     * throws, after {@link #onTrainingEnd} or {@link #onException}.
     */
    @Override
    default void close() {}
}
