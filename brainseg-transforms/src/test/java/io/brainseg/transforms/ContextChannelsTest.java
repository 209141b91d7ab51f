package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.transforms.intensity.RandGaussianNoise;
import io.brainseg.transforms.intensity.RandScaleIntensity;
import io.brainseg.transforms.intensity.RandShiftIntensity;
import io.brainseg.transforms.intensity.ScaleIntensityRange;
import io.brainseg.transforms.spatial.RandFlip;
import io.brainseg.transforms.spatial.RandRotate;
import io.brainseg.transforms.spatial.RandSpatialCrop;
import io.brainseg.transforms.utility.CastToType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference pipelines on 2.5-D batches ({@code N×9×H×W}: three slices of three channels). A
 * sample's channels must share one geometry and one intensity draw whatever their number, so the
 * 9-channel result, cut into its three slices, must be what today's 3-channel pipeline gives each
 * slice alone with the same generator.
 */
class ContextChannelsTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    private static final int N = 6;
    private static final int S = 40;
    private static final int CROP = 32;
    private static final int PLANE = S * S;

    /** Uint8 images of {@code channels} channels and one shared mask, as the loader gives them. */
    private static SampleBatch batch(NDManager manager, byte[] image, int channels, byte[] mask) {
        SampleBatch b = SampleBatch.of(manager, List.of());
        b.set(
                SampleBatch.IMAGE,
                b.getManager().create(ByteBuffer.wrap(image), new Shape(N, channels, S, S), DataType.UINT8));
        b.set(SampleBatch.MASK, b.getManager().create(ByteBuffer.wrap(mask), new Shape(N, 1, S, S), DataType.UINT8));
        return b;
    }

    /** Slice {@code g} (channels 3g..3g+2) of every sample of a 9-channel array. */
    private static byte[] group(byte[] nine, int g) {
        byte[] out = new byte[N * 3 * PLANE];
        for (int i = 0; i < N; i++) {
            System.arraycopy(nine, (i * 9 + 3 * g) * PLANE, out, i * 3 * PLANE, 3 * PLANE);
        }
        return out;
    }

    private static byte[][] data() {
        Random r = new Random(5);
        byte[] image = new byte[N * 9 * PLANE];
        r.nextBytes(image);
        byte[] mask = new byte[N * PLANE];
        for (int i = 0; i < N; i++) {
            for (int y = 5 + i; y < 20 + i; y++) {
                for (int x = 8; x < 30 - i; x++) {
                    mask[(i * S + y) * S + x] = 1;
                }
            }
        }
        return new byte[][] {image, mask};
    }

    /** The reference training pipeline up to the noise, whose normals depend on the tensor layout. */
    private static Compose referenceTrainWithoutNoise() {
        return Transforms.compose()
                .add(CastToType.builder().optKeys("image", "mask").build())
                .add(ScaleIntensityRange.builder().setRange(0, 255, 0, 1).build())
                .add(RandFlip.builder().optProb(0.5).build())
                .add(RandRotate.builder().setRangeX(0.26).optProb(0.5).build())
                .add(RandSpatialCrop.builder().setRoiSize(CROP, CROP).build())
                .add(RandScaleIntensity.builder().setFactors(0.1).optProb(0.5).build())
                .add(RandShiftIntensity.builder().setOffsets(0.1).optProb(0.5).build())
                .build();
    }

    @Test
    void nineChannelsGetTheGeometryAndIntensityDrawsThreeChannelsGet() {
        byte[][] d = data();
        float[] nine;
        float[] nineMask;
        try (SampleBatch b = batch(MANAGER.get(), d[0], 9, d[1])) {
            referenceTrainWithoutNoise().apply(b, new SplittableRandom(11));
            assertThat(b.get(SampleBatch.IMAGE).getShape()).isEqualTo(new Shape(N, 9, CROP, CROP));
            nine = b.get(SampleBatch.IMAGE).toFloatArray();
            nineMask = b.get(SampleBatch.MASK).toFloatArray();
        }
        int out = CROP * CROP;
        boolean anyTransformed = false;
        for (int g = 0; g < 3; g++) {
            try (SampleBatch b = batch(MANAGER.get(), group(d[0], g), 3, d[1])) {
                referenceTrainWithoutNoise().apply(b, new SplittableRandom(11));
                float[] three = b.get(SampleBatch.IMAGE).toFloatArray();
                assertThat(b.get(SampleBatch.MASK).toFloatArray()).containsExactly(nineMask);
                for (int i = 0; i < N; i++) {
                    float[] fromNine = Arrays.copyOfRange(nine, (i * 9 + 3 * g) * out, (i * 9 + 3 * g + 3) * out);
                    float[] alone = Arrays.copyOfRange(three, i * 3 * out, (i + 1) * 3 * out);
                    assertThat(fromNine).as("sample %d, slice %d", i, g).containsExactly(alone, Offset.offset(1e-6f));
                }
                // The pipeline did something (not a test of an identity): the crop moved or scaled pixels.
                anyTransformed |= three[0] != (group(d[0], g)[0] & 0xff) / 255f;
            }
        }
        assertThat(anyTransformed).isTrue();
    }

    @Test
    void theFullReferencePipelineTakesNineChannels() {
        byte[][] d = data();
        try (SampleBatch b = batch(MANAGER.get(), d[0], 9, d[1])) {
            Transforms.referenceTrain(CROP).apply(b, new SplittableRandom(3));
            assertThat(b.get(SampleBatch.IMAGE).getShape()).isEqualTo(new Shape(N, 9, CROP, CROP));
            assertThat(b.get(SampleBatch.MASK).getShape()).isEqualTo(new Shape(N, 1, CROP, CROP));
            assertThat(b.get(SampleBatch.IMAGE).getDataType()).isEqualTo(DataType.FLOAT32);
        }
    }

    @Test
    void validationCentreCropsEveryChannel() {
        byte[][] d = data();
        try (SampleBatch b = batch(MANAGER.get(), d[0], 9, d[1])) {
            Transforms.referenceValidation(CROP).apply(b, new SplittableRandom(0));
            float[] got = b.get(SampleBatch.IMAGE).toFloatArray();
            int off = (S - CROP) / 2;
            for (int i = 0; i < N; i++) {
                for (int c = 0; c < 9; c++) {
                    for (int y = 0; y < CROP; y++) {
                        for (int x = 0; x < CROP; x++) {
                            float want = (d[0][((i * 9 + c) * S + y + off) * S + x + off] & 0xff) / 255f;
                            assertThat(got[((i * 9 + c) * CROP + y) * CROP + x]).isCloseTo(want, Offset.offset(1e-6f));
                        }
                    }
                }
            }
        }
    }

    @Test
    void gaussianNoiseDrawsEveryChannelOfANineChannelSampleAfresh() {
        int n = 2;
        try (SampleBatch b = SampleBatch.of(MANAGER.get(), List.of())) {
            b.set(SampleBatch.IMAGE, b.getManager().zeros(new Shape(n, 9, S, S), DataType.FLOAT32));
            RandGaussianNoise.builder()
                    .optProb(1.0)
                    .optStd(0.1)
                    .optSampleStd(false)
                    .build()
                    .apply(b, new SplittableRandom(4));
            float[] z = b.get(SampleBatch.IMAGE).toFloatArray();
            for (int i = 0; i < n; i++) {
                for (int g = 0; g < 3; g++) {
                    double sum = 0;
                    double sumSq = 0;
                    int from = (i * 9 + 3 * g) * PLANE;
                    for (int k = from; k < from + 3 * PLANE; k++) {
                        sum += z[k];
                        sumSq += (double) z[k] * z[k];
                    }
                    double mean = sum / (3 * PLANE);
                    double std = Math.sqrt(sumSq / (3 * PLANE) - mean * mean);
                    assertThat(std).as("sample %d slice %d", i, g).isCloseTo(0.1, Offset.offset(0.01));
                    assertThat(mean).isCloseTo(0.0, Offset.offset(0.01));
                }
                // Slices of one sample get their own normals, not one slice's noise repeated.
                int a = i * 9 * PLANE;
                int c = (i * 9 + 3) * PLANE;
                double diff = 0;
                for (int k = 0; k < 3 * PLANE; k++) {
                    diff = Math.max(diff, Math.abs(z[a + k] - z[c + k]));
                }
                assertThat(diff).isGreaterThan(0.1);
            }
        }
    }
}
