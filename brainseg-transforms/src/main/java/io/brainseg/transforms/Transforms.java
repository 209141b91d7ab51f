package io.brainseg.transforms;

import io.brainseg.transforms.intensity.RandGaussianNoise;
import io.brainseg.transforms.intensity.RandScaleIntensity;
import io.brainseg.transforms.intensity.RandShiftIntensity;
import io.brainseg.transforms.intensity.ScaleIntensityRange;
import io.brainseg.transforms.spatial.CenterSpatialCrop;
import io.brainseg.transforms.spatial.RandFlip;
import io.brainseg.transforms.spatial.RandRotate;
import io.brainseg.transforms.spatial.RandSpatialCrop;
import io.brainseg.transforms.utility.CastToType;

/**
 * Entry point of the fluent API: {@code Transforms.compose().add(...).build()}, plus the reference
 * pipelines of the project this library generalises.
 *
 * <pre>{@code
 * Compose train = Transforms.compose()
 *         .add(CastToType.builder().optKeys("image", "mask").build())
 *         .add(ScaleIntensityRange.builder().setRange(0, 255, 0, 1).build())
 *         .add(RandFlip.builder().optProb(0.5).build())
 *         .build();
 * train.apply(batch, rng);                      // caller's generator
 * train.seeded(42).apply(batch);                // or a pipeline that owns one
 * }</pre>
 */
public final class Transforms {

    private Transforms() {}

    /**
     * Starts a pipeline.
     *
     * @return an empty pipeline builder
     */
    public static Compose.Builder compose() {
        return new Compose.Builder();
    }

    /**
     * The reference training pipeline for loader batches (UINT8 image 0..255 {@code N×3×H×W},
     * UINT8 mask {@code N×1×H×W}): cast image and mask to float32 → image 0..255 → 0..1 →
     * RandFlip (both axes, p 0.5) → RandRotate ±0.26 rad (p 0.5, bilinear, border; mask nearest)
     * → RandSpatialCrop {@code crop×crop} → RandScaleIntensity ±0.1 (p 0.5) →
     * RandShiftIntensity ±0.1 (p 0.5) → RandGaussianNoise σ ≤ 0.1 (p 0.5). The first two are
     * deterministic (see {@link Compose#splitDeterministicPrefix()}).
     *
     * @param crop the side of the random crop, 224 in the reference
     * @return the pipeline
     */
    public static Compose referenceTrain(int crop) {
        return compose()
                .add(CastToType.builder().optKeys("image", "mask").build())
                .add(ScaleIntensityRange.builder().setRange(0, 255, 0, 1).build())
                .add(RandFlip.builder().optProb(0.5).build())
                .add(RandRotate.builder().setRangeX(0.26).optProb(0.5).build())
                .add(RandSpatialCrop.builder().setRoiSize(crop, crop).build())
                .add(RandScaleIntensity.builder().setFactors(0.1).optProb(0.5).build())
                .add(RandShiftIntensity.builder().setOffsets(0.1).optProb(0.5).build())
                .add(RandGaussianNoise.builder().optStd(0.1).optProb(0.5).build())
                .build();
    }

    /**
     * The reference validation pipeline: cast image and mask to float32 → image 0..255 → 0..1 →
     * CenterSpatialCrop {@code crop×crop}. Deterministic.
     *
     * @param crop the side of the centre crop, 224 in the reference
     * @return the pipeline
     */
    public static Compose referenceValidation(int crop) {
        return compose()
                .add(CastToType.builder().optKeys("image", "mask").build())
                .add(ScaleIntensityRange.builder().setRange(0, 255, 0, 1).build())
                .add(CenterSpatialCrop.builder().setRoiSize(crop, crop).build())
                .build();
    }
}
