package io.brainseg.core.train;

/**
 * Thrown when the loss becomes NaN or infinite. Training stops at once; the last checkpoint
 * ({@code last/} in the run directory) still holds the last good epoch.
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The epoch in which the loss diverged, 0-based (part of the serialized form). */
    private final int epoch;
    /** The batch at which the loss diverged, 0-based (part of the serialized form). */
    private final int batch;

    /**
     * Creates the exception.
     *
     * @param message the message, naming epoch, batch and the checkpoint kept
     * @param epoch the epoch (0-based)
     * @param batch the batch index (0-based)
     */
    public TrainingDivergedException(String message, int epoch, int batch) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /**
     * Returns the epoch in which the loss diverged.
     *
     * @return the epoch, 0-based
     */
    public int getEpoch() {
        return epoch;
    }

    /**
     * Returns the batch at which the loss diverged.
     *
     * @return the batch index, 0-based
     */
    public int getBatch() {
        return batch;
    }
}
