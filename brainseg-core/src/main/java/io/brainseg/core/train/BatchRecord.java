package io.brainseg.core.train;

/**
 * One finished training step, as passed to {@link TrainingListener#onBatchEnd}.
 *
 * @param epoch the epoch, 0-based
 * @param batch the batch index within the epoch, 0-based
 * @param numBatches the number of batches of the epoch
 * @param loss the batch's loss
 * @param dice the batch's Dice of {@code sigmoid(logits) > threshold} against the mask, over all
 *     pixels of the batch: {@code 2Σ(p·t) / (Σp + Σt)} (1 when both are empty)
 * @param samples the batch size
 * @param epochSeconds seconds since the epoch started
 * @param epochSamples training samples seen so far in this epoch, this batch included
 */
public record BatchRecord(int epoch, int batch, int numBatches, double loss, double dice, int samples,
        double epochSeconds, long epochSamples) {

    /**
     * Returns the training throughput of the epoch so far.
     *
     * @return slices per second
     */
    public double slicesPerSecond() {
        return epochSeconds > 0 ? epochSamples / epochSeconds : 0;
    }
}
