package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.intensity.RandGaussianNoise;
import io.brainseg.transforms.intensity.RandScaleIntensity;
import io.brainseg.transforms.intensity.RandShiftIntensity;
import io.brainseg.transforms.intensity.ScaleIntensityRange;
import io.brainseg.transforms.spatial.RandFlip;
import io.brainseg.transforms.spatial.RandRotate;
import io.brainseg.transforms.spatial.RandSpatialCrop;
import io.brainseg.transforms.utility.CastToType;
import org.junit.jupiter.api.Test;

/** The pipeline example of the README's "Transforms" section, verbatim between the markers. */
class ReadmeExampleTest {

    @Test
    void readmePipelineExampleRuns() {
        try (NDManager manager = NDManager.newBaseManager();
                SampleBatch batch = BatchFixtures.loaderLike(manager, 4, 256, 256, 1)) {
            // spotless:off
            // --- README example start ---
            Compose train = Transforms.compose()
                    .add(CastToType.builder().optKeys("image", "mask").build())       // UINT8 -> float32
                    .add(ScaleIntensityRange.builder().setRange(0, 255, 0, 1).build()) // image only
                    .add(RandFlip.builder().optProb(0.5).build())                      // image + mask
                    .add(RandRotate.builder().setRangeX(0.26).optProb(0.5).build())    // mask: nearest
                    .add(RandSpatialCrop.builder().setRoiSize(224, 224).build())
                    .add(RandScaleIntensity.builder().setFactors(0.1).optProb(0.5).build())
                    .add(RandShiftIntensity.builder().setOffsets(0.1).optProb(0.5).build())
                    .add(RandGaussianNoise.builder().optStd(0.1).optProb(0.5).build())
                    .build();

            Compose.Split split = train.splitDeterministicPrefix(); // cast + scale: cacheable
            split.deterministicPrefix().apply(batch, new java.util.SplittableRandom(0));
            SeededPipeline augment = split.randomSuffix().seeded(42); // owns its generator
            augment.apply(batch);                                      // every epoch
            // --- README example end ---
            // spotless:on
            assertThat(batch.get("image").getShape().getShape()).containsExactly(4, 3, 224, 224);
            assertThat(batch.get("mask").getShape().getShape()).containsExactly(4, 1, 224, 224);
        }
    }
}
