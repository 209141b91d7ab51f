package io.brainseg.core.train;

import java.util.Objects;

/**
 * One finished training step, as passed to {@link TrainingListener#onBatchEnd}.
 */
public final class BatchRecord {

    private final int epoch;
    private final int batch;
    private final int numBatches;
    private final double loss;
    private final double score;
    private final int samples;
    private final double epochSeconds;
    private final long epochSamples;

    /**
     * Creates the record.
     *
     * @param epoch the epoch, 0-based
     * @param batch the batch index within the epoch, 0-based
     * @param numBatches the number of batches of the epoch
     * @param loss the batch's loss
     * @param score the task's batch score; for the binary task the Dice of {@code sigmoid(logits) > threshold} against the mask over all pixels of the batch, {@code 2Σ(p·t) / (Σp + Σt)} (1 when both are empty)
     * @param samples the batch size
     * @param epochSeconds the seconds since the epoch started
     * @param epochSamples the training samples seen so far in this epoch, this batch included
     */
    public BatchRecord(
            int epoch,
            int batch,
            int numBatches,
            double loss,
            double score,
            int samples,
            double epochSeconds,
            long epochSamples) {
        this.epoch = epoch;
        this.batch = batch;
        this.numBatches = numBatches;
        this.loss = loss;
        this.score = score;
        this.samples = samples;
        this.epochSeconds = epochSeconds;
        this.epochSamples = epochSamples;
    }

    /**
     * Returns the epoch, 0-based.
     *
     * @return the value
     */
    public int getEpoch() {
        return epoch;
    }

    /**
     * Returns the batch index within the epoch, 0-based.
     *
     * @return the value
     */
    public int getBatch() {
        return batch;
    }

    /**
     * Returns the number of batches of the epoch.
     *
     * @return the value
     */
    public int getNumBatches() {
        return numBatches;
    }

    /**
     * Returns the batch's loss.
     *
     * @return the value
     */
    public double getLoss() {
        return loss;
    }

    /**
     * Returns the task's batch score.
     *
     * @return the value
     */
    public double getScore() {
        return score;
    }

    /**
     * Returns the batch size.
     *
     * @return the value
     */
    public int getSamples() {
        return samples;
    }

    /**
     * Returns the seconds since the epoch started.
     *
     * @return the value
     */
    public double getEpochSeconds() {
        return epochSeconds;
    }

    /**
     * Returns the training samples seen so far in this epoch, this batch included.
     *
     * @return the value
     */
    public long getEpochSamples() {
        return epochSamples;
    }

    /**
     * Returns the training throughput of the epoch so far.
     *
     * @return slices per second
     */
    public double getSlicesPerSecond() {
        return epochSeconds > 0 ? epochSamples / epochSeconds : 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BatchRecord)) {
            return false;
        }
        BatchRecord other = (BatchRecord) o;
        return epoch == other.epoch
                && batch == other.batch
                && numBatches == other.numBatches
                && Double.compare(loss, other.loss) == 0
                && Double.compare(score, other.score) == 0
                && samples == other.samples
                && Double.compare(epochSeconds, other.epochSeconds) == 0
                && epochSamples == other.epochSamples;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, batch, numBatches, loss, score, samples, epochSeconds, epochSamples);
    }

    @Override
    public String toString() {
        return "BatchRecord[epoch=" + epoch + ", batch=" + batch + ", numBatches=" + numBatches + ", loss=" + loss
                + ", score=" + score + ", samples=" + samples + ", epochSeconds=" + epochSeconds + ", epochSamples="
                + epochSamples + "]";
    }
}
