package io.brainseg.transforms.utility;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.transforms.BatchFixtures;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UtilityTransformsTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    @Test
    void ensureChannelFirstAddsAChannelAndTransposesChannelLast() {
        try (SampleBatch b = SampleBatch.of(MANAGER.get(), List.of())) {
            b.set("mask", b.getManager().zeros(new Shape(2, 8, 6)));
            b.set(
                    "image",
                    b.getManager()
                            .arange(2 * 8 * 6 * 3)
                            .toType(DataType.FLOAT32, false)
                            .reshape(2, 8, 6, 3));
            float pixel = b.get("image").getFloat(1, 5, 4, 2);
            EnsureChannelFirst.builder().optKeys("mask").build().apply(b, new SplittableRandom(0));
            EnsureChannelFirst.builder()
                    .optKeys("image")
                    .optChannelDim(-1)
                    .build()
                    .apply(b, new SplittableRandom(0));
            assertThat(b.get("mask").getShape()).isEqualTo(new Shape(2, 1, 8, 6));
            assertThat(b.get("image").getShape()).isEqualTo(new Shape(2, 3, 8, 6));
            assertThat(b.get("image").getFloat(1, 2, 5, 4)).isEqualTo(pixel);
        }
    }

    @Test
    void castToTypeConvertsTheKeyedArraysOnly() {
        try (SampleBatch b = BatchFixtures.loaderLike(MANAGER.get(), 2, 4, 4, 1)) {
            CastToType.builder().build().apply(b, new SplittableRandom(0));
            assertThat(b.get("image").getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(b.get("mask").getDataType()).isEqualTo(DataType.UINT8);
        }
    }

    @Test
    void toDeviceKeepsArraysAlreadyOnTheDevice() {
        try (SampleBatch b = BatchFixtures.loaderLike(MANAGER.get(), 2, 4, 4, 1)) {
            var image = b.get("image");
            ToDevice.builder().setDevice(b.getDevice()).build().apply(b, new SplittableRandom(0));
            assertThat(b.get("image")).isSameAs(image);
        }
    }
}
