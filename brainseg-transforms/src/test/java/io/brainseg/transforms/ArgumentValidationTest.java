package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.intensity.NormalizeIntensity;
import io.brainseg.transforms.intensity.RandGaussianNoise;
import io.brainseg.transforms.intensity.RandScaleIntensity;
import io.brainseg.transforms.intensity.RandShiftIntensity;
import io.brainseg.transforms.intensity.ScaleIntensity;
import io.brainseg.transforms.intensity.ScaleIntensityRange;
import io.brainseg.transforms.intensity.ShiftIntensity;
import io.brainseg.transforms.spatial.CenterSpatialCrop;
import io.brainseg.transforms.spatial.Flip;
import io.brainseg.transforms.spatial.RandFlip;
import io.brainseg.transforms.spatial.RandRotate;
import io.brainseg.transforms.spatial.RandSpatialCrop;
import io.brainseg.transforms.spatial.Rotate;
import io.brainseg.transforms.spatial.SpatialCrop;
import io.brainseg.transforms.utility.EnsureChannelFirst;
import io.brainseg.transforms.utility.ToDevice;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad settings fail in build() naming the setting; bad shapes fail at apply time with the shapes. */
class ArgumentValidationTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("prob", (ThrowingCallable)
                        () -> RandFlip.builder().optProb(-0.1).build()),
                Arguments.of("prob", (ThrowingCallable)
                        () -> RandRotate.builder().setRangeX(0.2).optProb(1.5).build()),
                Arguments.of("prob", (ThrowingCallable)
                        () -> RandGaussianNoise.builder().optProb(Double.NaN).build()),
                Arguments.of("rangeX", (ThrowingCallable) () ->
                        RandRotate.builder().setRangeX(Double.POSITIVE_INFINITY).build()),
                Arguments.of(
                        "rangeX", (ThrowingCallable) () -> RandRotate.builder().build()),
                Arguments.of("rangeX", (ThrowingCallable)
                        () -> RandRotate.builder().setRangeX(0.3, -0.3).build()),
                Arguments.of("factors", (ThrowingCallable) () ->
                        RandScaleIntensity.builder().setFactors(Double.NaN).build()),
                Arguments.of("offsets", (ThrowingCallable)
                        () -> RandShiftIntensity.builder().build()),
                Arguments.of("std", (ThrowingCallable)
                        () -> RandGaussianNoise.builder().optStd(-1).build()),
                Arguments.of("aMax", (ThrowingCallable) () -> ScaleIntensityRange.builder()
                        .setRange(0, Double.NaN, 0, 1)
                        .build()),
                Arguments.of("offset", (ThrowingCallable)
                        () -> ShiftIntensity.builder().build()),
                Arguments.of("factor", (ThrowingCallable) () ->
                        ScaleIntensity.builder().optMinv(null).optMaxv(null).build()),
                Arguments.of("divisor", (ThrowingCallable) () ->
                        NormalizeIntensity.builder().optDivisor(Double.NaN).build()),
                Arguments.of("angle", (ThrowingCallable) () -> Rotate.builder().build()),
                Arguments.of("alignCorners", (ThrowingCallable) () ->
                        Rotate.builder().setAngle(0.1).optAlignCorners(true).build()),
                Arguments.of("roiSize", (ThrowingCallable)
                        () -> RandSpatialCrop.builder().setRoiSize(0, 5).build()),
                Arguments.of("roiSize", (ThrowingCallable)
                        () -> CenterSpatialCrop.builder().build()),
                Arguments.of("roiCenter", (ThrowingCallable)
                        () -> SpatialCrop.builder().setRoiCenter(1, 1).build()),
                Arguments.of("spatialAxis", (ThrowingCallable)
                        () -> Flip.builder().optSpatialAxis(2).build()),
                Arguments.of("keys", (ThrowingCallable)
                        () -> Flip.builder().optKeys().build()),
                Arguments.of("channelDim", (ThrowingCallable)
                        () -> EnsureChannelFirst.builder().optChannelDim(2).build()),
                Arguments.of(
                        "device", (ThrowingCallable) () -> ToDevice.builder().build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void buildNamesTheBadSetting(String setting, ThrowingCallable build) {
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(setting);
    }

    private static SampleBatch batch(long... imageShape) {
        SampleBatch b = SampleBatch.of(MANAGER.get(), List.of());
        b.set("image", b.getManager().zeros(new Shape(imageShape)));
        return b;
    }

    static Stream<Arguments> rankSensitive() {
        return Stream.<BatchTransform>of(
                        Flip.builder().optKeys("image").build(),
                        RandFlip.builder().optKeys("image").optProb(1).build(),
                        Rotate.builder().optKeys("image").setAngle(0.2).build(),
                        RandRotate.builder()
                                .optKeys("image")
                                .setRangeX(0.2)
                                .optProb(1)
                                .build(),
                        RandSpatialCrop.builder()
                                .optKeys("image")
                                .setRoiSize(2, 2)
                                .build(),
                        CenterSpatialCrop.builder()
                                .optKeys("image")
                                .setRoiSize(2, 2)
                                .build())
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("rankSensitive")
    void wrongRankFailsAtApplyWithTheShape(BatchTransform t) {
        try (SampleBatch b = batch(2, 8, 8)) {
            assertThatThrownBy(() -> t.apply(b, new SplittableRandom(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(2, 8, 8)")
                    .hasMessageContaining("image");
        }
    }

    @Test
    void cropLargerThanTheImageFailsWithBothSizes() {
        try (SampleBatch b = batch(2, 3, 200, 256)) {
            assertThatThrownBy(() -> RandSpatialCrop.builder()
                            .optKeys("image")
                            .setRoiSize(224, 224)
                            .build()
                            .apply(b, new SplittableRandom(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("224×224")
                    .hasMessageContaining("(2, 3, 200, 256)");
            assertThatThrownBy(() -> CenterSpatialCrop.builder()
                            .optKeys("image")
                            .setRoiSize(224, 224)
                            .build()
                            .apply(b, new SplittableRandom(0)))
                    .hasMessageContaining("(2, 3, 200, 256)");
        }
    }

    @Test
    void missingKeyFailsUnlessAllowed() {
        try (SampleBatch b = batch(1, 1, 4, 4)) {
            assertThatThrownBy(() -> Flip.builder().build().apply(b, new SplittableRandom(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'mask'");
            Flip.builder().optAllowMissingKeys(true).build().apply(b, new SplittableRandom(0));
        }
    }

    @Test
    void spatialKeysMustShareTheirSize() {
        try (SampleBatch b = batch(1, 3, 8, 8)) {
            b.set("mask", b.getManager().zeros(new Shape(1, 1, 8, 6)));
            assertThatThrownBy(() -> Flip.builder().build().apply(b, new SplittableRandom(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(1, 1, 8, 6)");
        }
    }
}
