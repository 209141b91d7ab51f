package io.brainseg.core.batch;

import java.util.Iterator;

/**
 * The batches of one epoch. Closing it stops any background work and frees batches that were
 * prepared but not taken.
 */
public interface BatchIterator extends Iterator<SampleBatch>, AutoCloseable {

    /** Stops background work and frees the batches not yet returned. */
    @Override
    void close();
}
