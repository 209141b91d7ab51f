/**
 * The transform interface: {@link io.brainseg.core.transform.BatchTransform} maps a
 * {@link io.brainseg.core.batch.SampleBatch} to another with randomness drawn from a generator passed
 * in, and {@link io.brainseg.core.transform.ScaleToUnit}, the uint8 to float32 scaling the trainer
 * and predictor apply when no pipeline is given. The MONAI-like transforms live in
 * {@code brainseg-transforms}.
 */
package io.brainseg.core.transform;
