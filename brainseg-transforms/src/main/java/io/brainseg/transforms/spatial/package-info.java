/**
 * Spatial transforms, which move image and mask together (masks with nearest interpolation):
 * {@code Flip}, {@code Rotate}, {@code SpatialCrop}, {@code CenterSpatialCrop} and the random
 * {@code RandFlip}, {@code RandRotate}, {@code RandSpatialCrop}. Two backends: device-generic NDArray
 * code (GPU) and fused Java kernels on CPU memory; a run of flip, rotate and crop is resampled in one
 * pass on CPU batches ({@link io.brainseg.transforms.spatial.SpatialPlan}).
 */
package io.brainseg.transforms.spatial;
