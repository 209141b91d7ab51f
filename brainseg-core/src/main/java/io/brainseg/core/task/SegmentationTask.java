package io.brainseg.core.task;

import ai.djl.ndarray.NDArray;
import ai.djl.training.loss.Loss;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.config.Configurable;

/**
 * The task-specific part of a segmentation training step, as a strategy the trainer calls: a
 * multi-channel or softmax task is trained by implementing this interface, without editing the
 * trainer.
 *
 * <p>Per training step the trainer calls {@link #input}, {@link #target}, the network,
 * {@link #computeLoss} (back-propagated) and {@link #batchScore}; per validation batch it also calls
 * {@link #toProbabilities} (shown to listeners) and {@link #toPrediction} (fed to the metrics). Every
 * array a method creates must belong to the manager of its inputs (the step's), which the trainer
 * closes when the step ends.
 */
public interface SegmentationTask extends Configurable {

    /**
     * Reads the network input from a transformed batch.
     *
     * @param batch the batch after the transforms
     * @param phase {@code "training"} or {@code "validation"}, for the error message
     * @return the input, for example float32 {@code N×C×H×W}
     * @throws IllegalArgumentException if the input is missing or malformed (the message names the
     *     key, type and shape)
     */
    NDArray input(SampleBatch batch, String phase);

    /**
     * Reads the target from a transformed batch, in the form the loss and metrics take.
     *
     * @param batch the batch after the transforms
     * @return the target
     */
    NDArray target(SampleBatch batch);

    /**
     * Computes the loss to back-propagate.
     *
     * @param loss the trainer's loss
     * @param target the output of {@link #target}
     * @param logits the network's output
     * @return a scalar loss
     */
    NDArray computeLoss(Loss loss, NDArray target, NDArray logits);

    /**
     * Turns logits into per-pixel probabilities (for listeners and the predictor).
     *
     * @param logits the network's output
     * @return the probabilities, same shape
     */
    NDArray toProbabilities(NDArray logits);

    /**
     * Turns probabilities into the discrete prediction the metrics take.
     *
     * @param probabilities the output of {@link #toProbabilities}
     * @return the prediction, same shape as the target
     */
    NDArray toPrediction(NDArray probabilities);

    /**
     * Scores one training batch for the progress display (one host sync).
     *
     * @param logits the network's output
     * @param target the target
     * @return the score, for example the batch Dice
     */
    double batchScore(NDArray logits, NDArray target);
}
