package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.intensity.IntensityPlan;
import io.brainseg.transforms.intensity.NormalizeIntensity;
import io.brainseg.transforms.intensity.RandGaussianNoise;
import io.brainseg.transforms.intensity.RandScaleIntensity;
import io.brainseg.transforms.intensity.RandShiftIntensity;
import io.brainseg.transforms.intensity.ScaleIntensityRange;
import io.brainseg.transforms.spatial.InterpolationMode;
import io.brainseg.transforms.spatial.PaddingMode;
import io.brainseg.transforms.spatial.RandFlip;
import io.brainseg.transforms.spatial.RandRotate;
import io.brainseg.transforms.spatial.RandSpatialCrop;
import io.brainseg.transforms.spatial.SpatialPlan;
import io.brainseg.transforms.utility.CastToType;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused pointwise → spatial → intensity stretch gives bit-identical results (values and
 * dtypes) to applying the transforms one by one, whichever parts join.
 */
class FusedRunTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    private static BatchTransform castBoth() {
        return CastToType.builder().optKeys("image", "mask").build();
    }

    private static BatchTransform unitRange() {
        return ScaleIntensityRange.builder().setRange(0, 255, 0, 1).build();
    }

    private static BatchTransform rotate(double range, double prob) {
        return RandRotate.builder().setRangeX(range).optProb(prob).build();
    }

    private static BatchTransform shift() {
        return RandShiftIntensity.builder().setOffsets(0.2).optProb(0.8).build();
    }

    private static BatchTransform noise() {
        return RandGaussianNoise.builder().optStd(0.1).optProb(0.5).build();
    }

    static Stream<Arguments> pipelines() {
        return Stream.of(
                Arguments.of(
                        "reference validation: tables, crop without rotation",
                        List.copyOf(Transforms.referenceValidation(40).getTransforms())),
                Arguments.of("cast and scale alone: tables written out", List.of(castBoth(), unitRange())),
                Arguments.of(
                        "tables, then intensity without a spatial run",
                        List.of(
                                castBoth(),
                                unitRange(),
                                RandScaleIntensity.builder()
                                        .setFactors(0.1)
                                        .optProb(0.5)
                                        .build(),
                                noise())),
                Arguments.of(
                        "clipped range on uint8 without a cast, every sample rotated",
                        List.of(
                                ScaleIntensityRange.builder()
                                        .setRange(20, 200, -1, 1)
                                        .optClip(true)
                                        .build(),
                                rotate(0.4, 1),
                                RandSpatialCrop.builder().setRoiSize(30, 30).build(),
                                shift(),
                                noise())),
                Arguments.of(
                        "image cast only, the uint8 mask resampled as it is",
                        List.of(
                                CastToType.builder().build(),
                                unitRange(),
                                RandFlip.builder().optProb(0.5).build(),
                                rotate(0.3, 0.6),
                                RandSpatialCrop.builder().setRoiSize(36, 40).build(),
                                noise())),
                Arguments.of(
                        "zeros padding, nearest image, intensity on both keys",
                        List.of(
                                castBoth(),
                                unitRange(),
                                RandRotate.builder()
                                        .setRangeX(0.5)
                                        .optProb(1)
                                        .optPaddingMode(PaddingMode.ZEROS)
                                        .optMode(InterpolationMode.NEAREST)
                                        .build(),
                                RandScaleIntensity.builder()
                                        .optKeys("image", "mask")
                                        .setFactors(0.3)
                                        .optProb(0.7)
                                        .build(),
                                RandGaussianNoise.builder()
                                        .optKeys("image", "mask")
                                        .optProb(0.7)
                                        .build())),
                Arguments.of(
                        "float input without rotation: mirrored crops, intensity as rows are written",
                        List.of(
                                NormalizeIntensity.builder().build(),
                                CastToType.builder().optKeys("mask").build(),
                                RandFlip.builder().optProb(0.7).build(),
                                RandSpatialCrop.builder().setRoiSize(40, 36).build(),
                                shift(),
                                noise())),
                Arguments.of(
                        "float64 cast is not tabled",
                        List.of(
                                CastToType.builder()
                                        .optKeys("image", "mask")
                                        .optDtype(DataType.FLOAT64)
                                        .build(),
                                rotate(0.3, 1),
                                RandSpatialCrop.builder().setRoiSize(30, 30).build())),
                Arguments.of(
                        "intensity on a uint8 key after a spatial run is not fused",
                        List.of(
                                RandFlip.builder().optProb(0.5).build(),
                                rotate(0.3, 0.5),
                                RandScaleIntensity.builder()
                                        .optKeys("image", "mask")
                                        .setFactors(0.1)
                                        .optProb(1)
                                        .build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void fusedStretchEqualsSequentialApplication(String name, List<BatchTransform> steps) {
        FusionAssert.assertFusedEqualsSequential(MANAGER.get(), steps);
    }

    @Test
    void tableEntriesAreWhatTheTransformsComputeForEachByte() {
        List<BatchTransform> prefix = List.of(
                CastToType.builder().optKeys("image", "mask").build(),
                ScaleIntensityRange.builder().setRange(3, 250, -2, 5).build());
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 2, 32, 32, 9)) {
            Map<String, float[]> tables = PointwiseTables.probe(prefix, batch);
            assertThat(tables).containsOnlyKeys("image", "mask");
            byte[] bytes = batch.get("image").toByteArray();
            for (BatchTransform t : prefix) {
                t.apply(batch, new SplittableRandom(0));
            }
            float[] values = batch.get("image").toFloatArray();
            for (int i = 0; i < bytes.length; i++) {
                assertThat(tables.get("image")[bytes[i] & 0xFF])
                        .as("byte %d", bytes[i] & 0xFF)
                        .isEqualTo(values[i]);
            }
            // An independent check of one entry: (v − 3)/247·7 − 2 in double, within float rounding.
            assertThat((double) tables.get("image")[100]).isCloseTo((100 - 3) / 247.0 * 7 - 2, offset(1e-6));
            assertThat(tables.get("mask")[1]).isEqualTo(1f);
        }
    }

    @Test
    void noTablesForFloatInputOrAMissingKey() {
        List<BatchTransform> prefix = List.of(castBoth(), unitRange());
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 2, 16, 16, 1)) {
            batch.set("mask", batch.get("mask").toType(DataType.FLOAT32, false));
            assertThat(PointwiseTables.probe(prefix, batch)).isEmpty();
            batch.set("image", batch.get("image").toType(DataType.FLOAT32, false));
            assertThat(PointwiseTables.probe(List.of(unitRange()), batch)).isEmpty();
        }
        try (SampleBatch batch = SampleBatch.of(MANAGER.get(), List.of())) {
            batch.set("image", MANAGER.get().zeros(new Shape(1, 1, 4, 4), DataType.UINT8));
            assertThat(PointwiseTables.probe(prefix, batch)).as("mask missing").isEmpty();
        }
    }

    @Test
    void anEpilogueOnANonFloatKeyOrAShortTableIsRefusedNamingTheKey() {
        List<BatchTransform> steps = List.of(
                RandFlip.builder().optProb(1).build(),
                RandScaleIntensity.builder()
                        .optKeys("mask")
                        .setFactors(0.1)
                        .optProb(1)
                        .build());
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 2, 16, 16, 1)) {
            SplittableRandom rng = new SplittableRandom(0);
            SpatialPlan spatial = SpatialPlan.plan(steps, 0, batch, rng);
            IntensityPlan wrong = IntensityPlan.plan(steps, 1, batch, rng, key -> true);
            byte[] before = batch.get("image").toByteArray();
            assertThatThrownBy(() -> spatial.execute(batch, Map.of(), wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'mask'")
                    .hasMessageContaining("uint8");
            assertThatThrownBy(() -> spatial.execute(batch, Map.of("image", new float[255]), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("table of 255 values cannot map 'image'");
            assertThat(batch.get("image").toByteArray()).as("nothing replaced").containsExactly(before);
        }
    }
}
