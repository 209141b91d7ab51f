/**
 * MONAI-like transforms over whole batches on the device, under MONAI's names:
 * {@link io.brainseg.transforms.Compose} chains them (and fuses runs of them on CPU batches),
 * {@link io.brainseg.transforms.Transforms} builds the reference pipelines, and
 * {@link io.brainseg.transforms.SeededPipeline} owns its generator. Randomness is drawn per sample
 * from the generator passed to {@code apply}, so a run is reproducible. See the sub-packages for the
 * transforms themselves.
 */
package io.brainseg.transforms;
