/**
 * Batches and where they come from: {@link io.brainseg.core.batch.SampleBatch} (named arrays, image
 * {@code N×C×H×W} and mask {@code N×1×H×W}, on one device, owned by one closable manager, with the
 * {@link io.brainseg.core.batch.SliceId}s of its samples), and {@link io.brainseg.core.batch.BatchSource}
 * / {@link io.brainseg.core.batch.BatchIterator}, the interface the trainer reads epochs through. Data
 * modules implement {@code BatchSource}; nothing here knows about files.
 */
package io.brainseg.core.batch;
