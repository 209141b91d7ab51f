package io.brainseg.core.batch;

import ai.djl.ndarray.NDManager;

/**
 * Yields the batches of one epoch at a time, each as a {@link io.brainseg.core.batch.SampleBatch}
 * on its own sub-manager. The trainer depends on this interface only.
 *
 * <p>The order of an epoch depends only on the source's seed and the epoch number, never on what
 * happened before, so a resumed run sees the same batches as an uninterrupted one.
 */
public interface BatchSource {

    /**
     * Returns the number of samples (slices) per epoch, before any drop-last.
     *
     * @return the number of samples
     */
    int getNumSamples();

    /**
     * Returns the number of samples per batch.
     *
     * @return the batch size
     */
    int getBatchSize();

    /**
     * Returns the number of batches one epoch yields.
     *
     * @return the number of batches
     */
    int getNumBatches();

    /**
     * Starts one epoch. Every batch it yields lives on a new sub-manager of {@code parent} (and so
     * on its device); the consumer closes each batch, and closes the iterator when done or when it
     * stops early.
     *
     * @param parent the manager whose device and lifetime the batches share
     * @param epoch the epoch number (0-based), which selects the shuffle order
     * @return the batches of that epoch
     */
    BatchIterator epoch(NDManager parent, int epoch);
}
