package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.base.Backend;
import io.brainseg.transforms.spatial.RandFlip;
import io.brainseg.transforms.spatial.RandSpatialCrop;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused CPU kernels and the device-generic NDArray path give identical image and mask for the
 * same generator state (rotation is checked in RandRotateTest, to float rounding; noise draws
 * different normals per backend and is checked in RandomIntensityTest).
 */
class BackendAgreementTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    static Stream<Arguments> transforms() {
        return Stream.of(
                Arguments.of("RandFlip both axes", (Function<Backend, BatchTransform>)
                        b -> RandFlip.builder().optProb(0.5).optBackend(b).build()),
                Arguments.of("RandFlip rows", (Function<Backend, BatchTransform>) b -> RandFlip.builder()
                        .optProb(0.5)
                        .optSpatialAxis(0)
                        .optBackend(b)
                        .build()),
                Arguments.of("RandFlip columns", (Function<Backend, BatchTransform>) b -> RandFlip.builder()
                        .optProb(0.5)
                        .optSpatialAxis(1)
                        .optBackend(b)
                        .build()),
                Arguments.of("RandSpatialCrop", (Function<Backend, BatchTransform>) b -> RandSpatialCrop.builder()
                        .setRoiSize(13, 17)
                        .optBackend(b)
                        .build()));
    }

    private static float[][] run(BatchTransform t, boolean floatImage) {
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 8, 24, 20, 3)) {
            if (floatImage) {
                batch.set("image", batch.get("image").toType(DataType.FLOAT32, false));
            }
            t.apply(batch, new SplittableRandom(17));
            return new float[][] {
                batch.get("image").toType(DataType.FLOAT32, false).toFloatArray(),
                batch.get("mask").toType(DataType.FLOAT32, false).toFloatArray()
            };
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transforms")
    void cpuKernelEqualsNdArrayPath(String name, Function<Backend, BatchTransform> factory) {
        for (boolean floatImage : new boolean[] {true, false}) {
            float[][] cpu = run(factory.apply(Backend.CPU_KERNEL), floatImage);
            float[][] nd = run(factory.apply(Backend.NDARRAY), floatImage);
            assertThat(cpu[0]).as("image, float input %s", floatImage).containsExactly(nd[0]);
            assertThat(cpu[1]).as("mask").containsExactly(nd[1]);
        }
    }
}
