package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.base.Backend;
import io.brainseg.transforms.intensity.NormalizeIntensity;
import io.brainseg.transforms.intensity.ScaleIntensity;
import io.brainseg.transforms.intensity.ShiftIntensity;
import io.brainseg.transforms.spatial.CenterSpatialCrop;
import io.brainseg.transforms.spatial.Flip;
import io.brainseg.transforms.spatial.InterpolationMode;
import io.brainseg.transforms.spatial.PaddingMode;
import io.brainseg.transforms.spatial.Rotate;
import io.brainseg.transforms.spatial.SpatialCrop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per entry of {@code golden/transforms.json} (rotations once per backend): the transform
 * applied to a batch of two copies of MONAI's input reproduces MONAI's output in both samples,
 * within 1e-5 (rotation 1e-4).
 */
class GoldenParityTest {

    private static final String CROPPED_15 =
            "CenterSpatialCrop(roi_size=(8,8))[input cropped to 3x15x15 first: x[:, :15, :15]]";

    /** How to reproduce one golden entry: the transform, the key it acts on, the input. */
    private record Case(Function<Backend, BatchTransform> transform, String key, boolean rotation) {}

    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        image("NormalizeIntensity()", NormalizeIntensity.builder().build());
        image(
                "NormalizeIntensity(nonzero=True)",
                NormalizeIntensity.builder().optNonzero(true).build());
        image(
                "NormalizeIntensity(channel_wise=True)",
                NormalizeIntensity.builder().optChannelWise(true).build());
        image(
                "NormalizeIntensity(nonzero=True,channel_wise=True)",
                NormalizeIntensity.builder()
                        .optNonzero(true)
                        .optChannelWise(true)
                        .build());
        image(
                "ScaleIntensity(minv=0.0,maxv=1.0)",
                ScaleIntensity.builder().optMinv(0.0).optMaxv(1.0).build());
        image(
                "ScaleIntensity(minv=0.0,maxv=1.0,channel_wise=True)",
                ScaleIntensity.builder()
                        .optMinv(0.0)
                        .optMaxv(1.0)
                        .optChannelWise(true)
                        .build());
        image(
                "ScaleIntensity(factor=0.1)",
                ScaleIntensity.builder().optFactor(0.1).build());
        image(
                "ScaleIntensity(minv=None,maxv=None,factor=0.1)",
                ScaleIntensity.builder()
                        .optMinv(null)
                        .optMaxv(null)
                        .optFactor(0.1)
                        .build());
        image(
                "ShiftIntensity(offset=0.5)",
                ShiftIntensity.builder().setOffset(0.5).build());
        image(
                "Flip(spatial_axis=0)",
                Flip.builder().optKeys("image").optSpatialAxis(0).build());
        image(
                "Flip(spatial_axis=1)",
                Flip.builder().optKeys("image").optSpatialAxis(1).build());
        image("Flip(spatial_axis=None)", Flip.builder().optKeys("image").build());
        for (double angle : new double[] {0.3, -0.3}) {
            rotation(angle, true, InterpolationMode.BILINEAR, PaddingMode.ZEROS);
            rotation(angle, true, InterpolationMode.NEAREST, PaddingMode.ZEROS);
            rotation(angle, true, InterpolationMode.BILINEAR, PaddingMode.BORDER);
        }
        rotation(0.3, false, InterpolationMode.BILINEAR, PaddingMode.ZEROS);
        image(
                "CenterSpatialCrop(roi_size=(8,8))",
                CenterSpatialCrop.builder().optKeys("image").setRoiSize(8, 8).build());
        image(
                "CenterSpatialCrop(roi_size=(7,7))",
                CenterSpatialCrop.builder().optKeys("image").setRoiSize(7, 7).build());
        image(
                CROPPED_15,
                CenterSpatialCrop.builder().optKeys("image").setRoiSize(8, 8).build());
        image(
                "SpatialCrop(roi_center=(8,8),roi_size=(8,8))",
                SpatialCrop.builder()
                        .optKeys("image")
                        .setRoiCenter(8, 8)
                        .setRoiSize(8, 8)
                        .build());
        image(
                "SpatialCrop(roi_start=(2,3),roi_end=(10,11))",
                SpatialCrop.builder()
                        .optKeys("image")
                        .setRoiStart(2, 3)
                        .setRoiEnd(10, 11)
                        .build());
        image(
                "SpatialCrop(roi_center=(3,13),roi_size=(8,8))",
                SpatialCrop.builder()
                        .optKeys("image")
                        .setRoiCenter(3, 13)
                        .setRoiSize(8, 8)
                        .build());
    }

    private static void image(String name, BatchTransform t) {
        CASES.put(name, new Case(b -> t, "image", false));
    }

    private static void rotation(double angle, boolean keepSize, InterpolationMode mode, PaddingMode padding) {
        String name = "Rotate(angle=" + angle + ",keep_size=" + (keepSize ? "True" : "False") + ",mode='"
                + mode.name().toLowerCase() + "',padding_mode='"
                + padding.name().toLowerCase() + "')";
        CASES.put(
                name,
                new Case(
                        b -> Rotate.builder()
                                .optKeys("image")
                                .setAngle(angle)
                                .optKeepSize(keepSize)
                                .optMode(mode)
                                .optPaddingMode(padding)
                                .optBackend(b)
                                .build(),
                        "image",
                        true));
        if (keepSize) {
            // The golden mask entries resample the mask with the same mode, so no mask keys here.
            CASES.put(
                    name + "[mask]",
                    new Case(
                            b -> Rotate.builder()
                                    .optKeys("mask")
                                    .optMaskKeys()
                                    .setAngle(angle)
                                    .optMode(mode)
                                    .optPaddingMode(padding)
                                    .optBackend(b)
                                    .build(),
                            "mask",
                            true));
        }
    }

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    static Stream<Arguments> entries() {
        List<Arguments> args = new ArrayList<>();
        for (String name : GoldenTransforms.outputNames()) {
            Case c = CASES.get(name);
            if (c != null && c.rotation()) {
                args.add(Arguments.of(name, Backend.CPU_KERNEL));
                args.add(Arguments.of(name, Backend.NDARRAY));
            } else {
                args.add(Arguments.of(name, Backend.AUTO));
            }
        }
        return args.stream();
    }

    @Test
    void everyGoldenEntryHasACase() {
        List<String> names = GoldenTransforms.outputNames();
        org.junit.jupiter.api.Assumptions.assumeFalse(names.isEmpty(), "golden transforms.json absent");
        assertThat(CASES.keySet()).containsExactlyInAnyOrderElementsOf(names);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("entries")
    void reproducesMonaiOutput(String name, Backend backend) {
        Case c = CASES.get(name);
        assertThat(c).as("no test case for golden entry %s", name).isNotNull();
        float[] input = "mask".equals(c.key()) ? GoldenTransforms.mask() : GoldenTransforms.image();
        long[] shape = "mask".equals(c.key()) ? new long[] {1, 16, 16} : new long[] {3, 16, 16};
        int copies = 2;
        try (SampleBatch batch = BatchFixtures.copies(MANAGER.get(), c.key(), input, shape, copies)) {
            if (CROPPED_15.equals(name)) {
                batch.set("image", batch.get("image").get(":, :, :15, :15").duplicate());
            }
            c.transform().apply(backend).apply(batch, new SplittableRandom(0));
            NDArray out = batch.get(c.key());
            long[] expectedShape = GoldenTransforms.shape(name);
            assertThat(out.getShape().getShape())
                    .containsExactly(copies, expectedShape[0], expectedShape[1], expectedShape[2]);
            float[] expected = GoldenTransforms.values(name);
            float[] actual =
                    out.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            float tol = c.rotation() ? 1e-4f : 1e-5f;
            for (int i = 0; i < copies; i++) {
                float[] sample = Arrays.copyOfRange(actual, i * expected.length, (i + 1) * expected.length);
                assertThat(sample).as("%s sample %d", name, i).containsExactly(expected, within(tol));
            }
        }
    }
}
