package io.brainseg.transforms.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.transforms.BatchFixtures;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RandFlip and RandSpatialCrop: per-sample choices, masks exact. */
class SpatialRandomTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    @Test
    void randFlipFlipsExactlyTheSamplesWhoseCoinIsSet() {
        int n = 16;
        SplittableRandom coins = new SplittableRandom(6);
        boolean[] expected = new boolean[n];
        for (int i = 0; i < n; i++) {
            expected[i] = coins.nextDouble() < 0.5;
        }
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), n, 8, 8, 4)) {
            NDArray before = batch.get("image").duplicate();
            NDArray maskBefore = batch.get("mask").duplicate();
            RandFlip.builder().optProb(0.5).optSpatialAxis(1).build().apply(batch, new SplittableRandom(6));
            for (int i = 0; i < n; i++) {
                NDArray want = expected[i] ? before.get(i).flip(2) : before.get(i);
                assertThat(batch.get("image").get(i).toByteArray()).containsExactly(want.toByteArray());
                NDArray wantMask = expected[i] ? maskBefore.get(i).flip(2) : maskBefore.get(i);
                assertThat(batch.get("mask").get(i).toByteArray()).containsExactly(wantMask.toByteArray());
            }
            assertThat(batch.get("mask").getDataType()).isEqualTo(DataType.UINT8);
            before.close();
            maskBefore.close();
        }
        int flipped = 0;
        for (boolean b : expected) {
            flipped += b ? 1 : 0;
        }
        assertThat(flipped).isBetween(1, n - 1);
    }

    @Test
    void randSpatialCropTakesOneWindowPerSampleForImageAndMask() {
        int n = 8;
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), n, 32, 32, 4)) {
            NDArray before = batch.get("image").duplicate();
            NDArray maskBefore = batch.get("mask").duplicate();
            RandSpatialCrop.builder().setRoiSize(20, 16).build().apply(batch, new SplittableRandom(12));
            assertThat(batch.get("image").getShape().getShape()).containsExactly(n, 3, 20, 16);
            SplittableRandom draws = new SplittableRandom(12);
            java.util.Set<String> offsets = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                int r0 = draws.nextInt(32 - 20 + 1);
                int c0 = draws.nextInt(32 - 16 + 1);
                offsets.add(r0 + "," + c0);
                CropWindow win = new CropWindow(r0, r0 + 20, c0, c0 + 16);
                assertThat(batch.get("image").get(i).toByteArray())
                        .containsExactly(win.crop(before, i).toByteArray());
                assertThat(batch.get("mask").get(i).toByteArray())
                        .containsExactly(win.crop(maskBefore, i).toByteArray());
            }
            assertThat(offsets).hasSizeGreaterThan(1);
            before.close();
            maskBefore.close();
        }
    }

    @Test
    void randomSizeDrawsOneSizePerBatchWithinBounds() {
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 4, 32, 32, 4)) {
            RandSpatialCrop.builder()
                    .setRoiSize(10, 10)
                    .optMaxRoiSize(20, 30)
                    .optRandomSize(true)
                    .build()
                    .apply(batch, new SplittableRandom(2));
            long[] s = batch.get("image").getShape().getShape();
            assertThat(s[2]).isBetween(10L, 20L);
            assertThat(s[3]).isBetween(10L, 30L);
            assertThat(Arrays.copyOf(batch.get("mask").getShape().getShape(), 4))
                    .containsExactly(4, 1, s[2], s[3]);
        }
    }
}
