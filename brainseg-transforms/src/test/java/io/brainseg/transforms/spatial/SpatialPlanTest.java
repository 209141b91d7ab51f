package io.brainseg.transforms.spatial;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.BatchFixtures;
import io.brainseg.transforms.Compose;
import io.brainseg.transforms.FusionAssert;
import io.brainseg.transforms.Transforms;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fused spatial runs on the CPU give bit-identical results to applying the transforms one by one. */
class SpatialPlanTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    static Stream<Arguments> pipelines() {
        return Stream.of(
                Arguments.of(
                        "reference train",
                        List.<BatchTransform>copyOf(
                                Transforms.referenceTrain(40).getTransforms())),
                Arguments.of(
                        "uint8 flip + rotate + crop",
                        List.<BatchTransform>of(
                                RandFlip.builder().optProb(0.5).build(),
                                RandRotate.builder().setRangeX(0.4).optProb(0.7).build(),
                                RandSpatialCrop.builder().setRoiSize(30, 44).build())),
                Arguments.of(
                        "uint8 flips + crops, no rotation",
                        List.<BatchTransform>of(
                                Flip.builder().optSpatialAxis(0).build(),
                                RandFlip.builder()
                                        .optProb(0.5)
                                        .optSpatialAxis(1)
                                        .build(),
                                CenterSpatialCrop.builder().setRoiSize(40, 40).build(),
                                RandSpatialCrop.builder().setRoiSize(20, 24).build())),
                Arguments.of(
                        "zeros padding, nearest image, crop twice",
                        List.<BatchTransform>of(
                                RandFlip.builder().optProb(0.5).build(),
                                Rotate.builder()
                                        .setAngle(0.3)
                                        .optPaddingMode(PaddingMode.ZEROS)
                                        .optMode(InterpolationMode.NEAREST)
                                        .build(),
                                SpatialCrop.builder()
                                        .setRoiCenter(20, 30)
                                        .setRoiSize(30, 30)
                                        .build(),
                                RandSpatialCrop.builder().setRoiSize(16, 16).build())),
                Arguments.of(
                        "two rotations split the run",
                        List.<BatchTransform>of(
                                RandRotate.builder().setRangeX(0.4).optProb(1).build(),
                                RandFlip.builder().optProb(0.5).build(),
                                RandRotate.builder()
                                        .setRangeX(0.4)
                                        .optProb(1)
                                        .optPaddingMode(PaddingMode.ZEROS)
                                        .build(),
                                RandSpatialCrop.builder().setRoiSize(24, 24).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void fusedRunEqualsSequentialApplication(String name, List<BatchTransform> steps) {
        FusionAssert.assertFusedEqualsSequential(MANAGER.get(), steps);
    }

    @Test
    void fusedCropLargerThanTheImageFailsLikeTheTransform() {
        Compose c = Transforms.compose()
                .add(RandFlip.builder().optProb(0.5).build())
                .add(CenterSpatialCrop.builder().setRoiSize(40, 40).build())
                .add(RandSpatialCrop.builder().setRoiSize(50, 10).build())
                .build();
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 2, 48, 56, 5)) {
            assertThatThrownBy(() -> c.apply(batch, new SplittableRandom(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("50×10")
                    .hasMessageContaining("(2, 3, 40, 40)");
        }
    }
}
