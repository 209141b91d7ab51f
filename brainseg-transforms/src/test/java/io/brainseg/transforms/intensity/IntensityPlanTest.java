package io.brainseg.transforms.intensity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.BatchFixtures;
import io.brainseg.transforms.Compose;
import io.brainseg.transforms.Transforms;
import io.brainseg.transforms.utility.CastToType;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fused intensity runs on the CPU give bit-identical results to applying the transforms one by one. */
class IntensityPlanTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    private static BatchTransform scale() {
        return RandScaleIntensity.builder().setFactors(0.1).optProb(0.5).build();
    }

    private static BatchTransform shift() {
        return RandShiftIntensity.builder().setOffsets(0.1).optProb(0.5).build();
    }

    private static BatchTransform noise() {
        return RandGaussianNoise.builder().optStd(0.1).optProb(0.5).build();
    }

    static Stream<Arguments> pipelines() {
        BatchTransform cast = CastToType.builder().build();
        return Stream.of(
                Arguments.of("scale, shift, noise", List.of(cast, scale(), shift(), noise())),
                Arguments.of("shift, scale, shift", List.of(cast, shift(), scale(), shift())),
                Arguments.of("noise then scale starts a new run", List.of(cast, noise(), scale(), noise())),
                Arguments.of("uint8 input is not fused", List.of(scale(), shift(), noise())),
                Arguments.of(
                        "image and mask keys",
                        List.of(
                                CastToType.builder().optKeys("image", "mask").build(),
                                RandScaleIntensity.builder()
                                        .optKeys("image", "mask")
                                        .setFactors(0.2)
                                        .optProb(0.7)
                                        .build(),
                                RandGaussianNoise.builder()
                                        .optKeys("image", "mask")
                                        .optProb(0.7)
                                        .build())));
    }

    private static float[] run(List<BatchTransform> steps, boolean fuse, long seed) {
        Compose c = Transforms.compose()
                .optFuse(fuse)
                .addAll(steps.toArray(new BatchTransform[0]))
                .build();
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 8, 20, 24, 5)) {
            c.apply(batch, new SplittableRandom(seed));
            float[] image = batch.get("image").toFloatArray();
            float[] mask = batch.get("mask").toType(DataType.FLOAT32, false).toFloatArray();
            float[] all = java.util.Arrays.copyOf(image, image.length + mask.length);
            System.arraycopy(mask, 0, all, image.length, mask.length);
            return all;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void fusedRunEqualsSequentialApplication(String name, List<BatchTransform> steps) {
        for (long seed = 1; seed <= 3; seed++) {
            assertThat(run(steps, true, seed)).as("seed %d", seed).containsExactly(run(steps, false, seed));
        }
    }
}
