package io.brainseg.transforms.spatial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.transforms.BatchFixtures;
import io.brainseg.transforms.base.Backend;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RandRotateTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    private static float[][] rotate(Backend backend, PaddingMode padding, InterpolationMode mode) {
        RandRotate rot = RandRotate.builder()
                .setRangeX(0.5)
                .optProb(0.7)
                .optPaddingMode(padding)
                .optMode(mode)
                .optBackend(backend)
                .build();
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 6, 40, 36, 2)) {
            batch.set("image", batch.get("image").toType(DataType.FLOAT32, false));
            rot.apply(batch, new SplittableRandom(21));
            return new float[][] {
                batch.get("image").toFloatArray(),
                batch.get("mask").toType(DataType.FLOAT32, false).toFloatArray()
            };
        }
    }

    @ParameterizedTest
    @EnumSource(PaddingMode.class)
    void cpuKernelAndNdArrayPathAgreeOnPerSampleAngles(PaddingMode padding) {
        for (InterpolationMode mode : InterpolationMode.values()) {
            float[][] cpu = rotate(Backend.CPU_KERNEL, padding, mode);
            float[][] nd = rotate(Backend.NDARRAY, padding, mode);
            assertThat(cpu[0]).as("image, %s", mode).containsExactly(nd[0], within(1e-3f));
            assertThat(cpu[1]).as("mask").containsExactly(nd[1]);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Backend.class,
            names = {"CPU_KERNEL", "NDARRAY"})
    void uint8MaskStaysUint8AndBinary(Backend backend) {
        RandRotate rot = RandRotate.builder()
                .setRangeX(0.26)
                .optProb(1)
                .optBackend(backend)
                .build();
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 4, 32, 32, 5)) {
            rot.apply(batch, new SplittableRandom(3));
            assertThat(batch.get("mask").getDataType()).isEqualTo(DataType.UINT8);
            assertThat(batch.get("image").getDataType()).isEqualTo(DataType.FLOAT32);
            Set<Float> values = new HashSet<>();
            for (float v : batch.get("mask").toType(DataType.FLOAT32, false).toFloatArray()) {
                values.add(v);
            }
            assertThat(values).containsExactlyInAnyOrder(0f, 1f);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Backend.class,
            names = {"CPU_KERNEL", "NDARRAY"})
    void samplesNotSelectedAreReturnedExactly(Backend backend) {
        RandRotate rot = RandRotate.builder()
                .setRangeX(0.26)
                .optProb(0.5)
                .optBackend(backend)
                .build();
        double[] angles = rot.drawAngles(8, new SplittableRandom(8));
        assertThat(angles).contains(0.0);
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 8, 24, 24, 5)) {
            batch.set("image", batch.get("image").toType(DataType.FLOAT32, false));
            float[] before = batch.get("image").toFloatArray();
            rot.apply(batch, new SplittableRandom(8));
            float[] after = batch.get("image").toFloatArray();
            int len = before.length / 8;
            for (int i = 0; i < 8; i++) {
                boolean same = java.util.Arrays.equals(before, i * len, (i + 1) * len, after, i * len, (i + 1) * len);
                assertThat(same).as("sample %d, angle %s", i, angles[i]).isEqualTo(angles[i] == 0);
            }
        }
    }

    @Test
    void anglesAreDrawnPerSampleWithinTheRange() {
        RandRotate rot = RandRotate.builder().setRangeX(0.26).optProb(1).build();
        double[] angles = rot.drawAngles(16, new SplittableRandom(1));
        assertThat(new HashSet<>(java.util.Arrays.stream(angles).boxed().toList()))
                .hasSize(16);
        for (double a : angles) {
            assertThat(a).isBetween(-0.26, 0.26);
        }
    }
}
