/**
 * Intensity transforms (image keys only): {@code ScaleIntensityRange}, {@code ScaleIntensity},
 * {@code NormalizeIntensity}, {@code ShiftIntensity} and the random {@code RandScaleIntensity},
 * {@code RandShiftIntensity}, {@code RandGaussianNoise}, with MONAI 1.4's conventions; runs of the
 * random ones are fused into one pass on CPU batches ({@link io.brainseg.transforms.intensity.IntensityPlan}).
 */
package io.brainseg.transforms.intensity;
