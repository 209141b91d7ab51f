package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reference pipelines end to end on loader-like UINT8 batches. */
class TransformsTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    private static float[][] runTrain(long seed) {
        Compose train = Transforms.referenceTrain(48);
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 8, 64, 64, 7)) {
            train.seeded(seed).apply(batch);
            return new float[][] {
                batch.get("image").toFloatArray(), batch.get("mask").toFloatArray()
            };
        }
    }

    @Test
    void sameSeedAndInputGiveBitIdenticalOutput() {
        float[][] a = runTrain(123);
        float[][] b = runTrain(123);
        assertThat(a[0]).containsExactly(b[0]);
        assertThat(a[1]).containsExactly(b[1]);
    }

    @Test
    void differentSeedsGiveDifferentOutput() {
        assertThat(runTrain(1)[0]).isNotEqualTo(runTrain(2)[0]);
    }

    @Test
    void trainPipelineGivesFloatImageOfCropSizeAndBinaryMask() {
        Compose train = Transforms.referenceTrain(48);
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 8, 64, 64, 3)) {
            train.apply(batch, new SplittableRandom(5));
            assertThat(batch.get("image").getShape().getShape()).containsExactly(8, 3, 48, 48);
            assertThat(batch.get("mask").getShape().getShape()).containsExactly(8, 1, 48, 48);
            assertThat(batch.get("image").getDataType()).isEqualTo(DataType.FLOAT32);
            Set<Float> values = new HashSet<>();
            for (float v : batch.get("mask").toFloatArray()) {
                values.add(v);
            }
            assertThat(values).isSubsetOf(0f, 1f);
        }
    }

    @Test
    void validationPipelineScalesAndCentreCrops() {
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 2, 16, 16, 3)) {
            float[] raw = batch.get("image").toType(DataType.FLOAT32, false).toFloatArray();
            Transforms.referenceValidation(8).apply(batch, new SplittableRandom(0));
            NDArray image = batch.get("image");
            assertThat(image.getShape().getShape()).containsExactly(2, 3, 8, 8);
            // sample 0, channel 0, row 0, col 0 of the crop is input (4, 4)
            assertThat(image.getFloat(0, 0, 0, 0)).isEqualTo(raw[4 * 16 + 4] / 255f);
        }
    }

    @Test
    void imageAndMaskOfASampleMoveTogether() {
        // Channel 0 of the image is a copy of the mask; with nearest resampling for the image too,
        // every spatial transform must keep them equal.
        Compose pipeline = Transforms.compose()
                .add(io.brainseg.transforms.utility.CastToType.builder()
                        .optKeys("image", "mask")
                        .build())
                .add(io.brainseg.transforms.spatial.RandFlip.builder()
                        .optProb(0.5)
                        .build())
                .add(io.brainseg.transforms.spatial.RandRotate.builder()
                        .setRangeX(0.5)
                        .optProb(1)
                        .optMode(io.brainseg.transforms.spatial.InterpolationMode.NEAREST)
                        .build())
                .add(io.brainseg.transforms.spatial.RandSpatialCrop.builder()
                        .setRoiSize(40, 40)
                        .build())
                .build();
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 6, 64, 64, 9)) {
            NDArray image = batch.get("image").toType(DataType.FLOAT32, false);
            image.set(
                    new ai.djl.ndarray.index.NDIndex(":, 0:1"),
                    batch.get("mask").toType(DataType.FLOAT32, false));
            batch.set("image", image.toType(DataType.UINT8, false));
            pipeline.apply(batch, new SplittableRandom(11));
            float[] channel0 = batch.get("image").get(":, 0:1").toFloatArray();
            assertThat(channel0).containsExactly(batch.get("mask").toFloatArray());
        }
    }

    @Test
    void samplesOfOneBatchGetDifferentParameters() {
        float[] sample = new float[3 * 32 * 32];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = (i * 37 % 101) / 101f;
        }
        try (SampleBatch batch = BatchFixtures.copies(MANAGER.get(), "image", sample, new long[] {3, 32, 32}, 8)) {
            Transforms.compose()
                    .add(io.brainseg.transforms.spatial.RandRotate.builder()
                            .optKeys("image")
                            .setRangeX(0.26)
                            .optProb(1)
                            .build())
                    .add(io.brainseg.transforms.spatial.RandSpatialCrop.builder()
                            .optKeys("image")
                            .setRoiSize(24, 24)
                            .build())
                    .add(io.brainseg.transforms.intensity.RandScaleIntensity.builder()
                            .setFactors(0.1)
                            .optProb(1)
                            .build())
                    .build()
                    .apply(batch, new SplittableRandom(4));
            float[] all = batch.get("image").toFloatArray();
            int len = all.length / 8;
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                distinct.add(Arrays.toString(Arrays.copyOfRange(all, i * len, (i + 1) * len)));
            }
            assertThat(distinct).hasSize(8);
        }
    }
}
