package io.brainseg.models.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.models.UNet;
import io.brainseg.models.interop.safetensors.SafetensorsWriter;
import io.brainseg.models.interop.tensor.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that does not fit the network is refused with every mismatch listed at once. */
class MonaiImportErrorsTest {

    @TempDir
    Path tmp;

    static ModelSpec unet(int f, int resUnits) {
        return UNet.builder()
                .setInChannels(3)
                .setOutChannels(1)
                .setChannels(f, 2 * f, 4 * f, 8 * f, 16 * f)
                .setStrides(2, 2, 2, 2)
                .optNumResUnits(resUnits)
                .build()
                .getSpec();
    }

    @Test
    void wrongWidthReportsEveryShapeMismatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            StateDictMismatchException e = catchThrowableOfType(
                    StateDictMismatchException.class,
                    () -> MonaiImport.fromMonai(
                            GoldenInterop.Case.UNET_F8_RES2.weights("safetensors"), unet(16, 2), m));
            assertThat(e.getMissing()).isEmpty();
            assertThat(e.getUnexpected()).isEmpty();
            // Every conv weight and bias differs (f=8 vs f=16) except the 17 PReLU slopes (2 per
            // down layer × 5, 2 per up layer × 4, less the top's bare conv) and the three top
            // tensors with one channel only (up-conv bias, final conv weight 1×1×3×3 and bias):
            // 63 − 17 − 3 = 43.
            assertThat(e.getWrongShape())
                    .hasSize(43)
                    .contains("model.0.conv.unit0.conv.weight: file (8, 3, 3, 3) vs network (16, 3, 3, 3)")
                    .noneMatch(s -> s.contains(".A.weight")
                            || s.startsWith("model.2.1.")
                            || s.startsWith("model.2.0.conv.bias"));
            assertThat(e).hasMessageContaining("43 mismatches");
        }
    }

    @Test
    void fewerResidualUnitsReportsTheExtraKeysAsUnexpected() {
        try (NDManager m = NDManager.newBaseManager()) {
            StateDictMismatchException e = catchThrowableOfType(
                    StateDictMismatchException.class,
                    () -> MonaiImport.fromMonai(GoldenInterop.Case.UNET_F8_RES2.weights("pt"), unet(8, 1), m));
            // unit1 of the five down layers: conv weight, bias, PReLU slope each.
            assertThat(e.getUnexpected())
                    .hasSize(15)
                    .contains(
                            "model.0.conv.unit1.conv.weight",
                            "model.1.submodule.1.submodule.1.submodule.1.submodule.conv.unit1.adn.A.weight");
            assertThat(e.getMissing()).isEmpty();
        }
    }

    @Test
    void missingUnexpectedAndMistypedKeysComeInOneException() throws IOException {
        Path edited = tmp.resolve("edited.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            StateDict golden = WeightFiles.read(GoldenInterop.Case.ATTENTION_UNET_F8.weights("safetensors"), m);
            Map<String, NDArray> t = new LinkedHashMap<>(golden.asMap());
            t.remove("model.0.conv.0.conv.weight");
            t.remove("model.2.conv.bias");
            t.put("model.3.extra.weight", m.ones(new ai.djl.ndarray.types.Shape(2)));
            t.put(
                    "model.0.conv.0.adn.N.num_batches_tracked",
                    m.create(new float[] {3f}).reshape(new ai.djl.ndarray.types.Shape()));
            t.put("model.0.conv.1.conv.bias", t.get("model.0.conv.1.conv.bias").toType(DataType.INT64, false));
            SafetensorsWriter.write(new StateDict(t), edited);
            StateDictMismatchException e = catchThrowableOfType(
                    StateDictMismatchException.class,
                    () -> MonaiImport.fromMonai(edited, GoldenInterop.Case.ATTENTION_UNET_F8.spec(), m));
            assertThat(e.getMissing()).containsExactly("model.0.conv.0.conv.weight", "model.2.conv.bias");
            assertThat(e.getUnexpected()).containsExactly("model.3.extra.weight");
            assertThat(e.getWrongShape()).isEmpty();
            assertThat(e.getWrongType())
                    .containsExactly(
                            "model.0.conv.0.adn.N.num_batches_tracked: file float32 vs int64",
                            "model.0.conv.1.conv.bias: file int64 vs float32");
            assertThat(e).hasMessageContaining(edited.toString()).hasMessageContaining("5 mismatches");
        }
    }

    @Test
    void halfPrecisionWeightsAreWidenedExactly() throws IOException {
        Path half = tmp.resolve("half.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            StateDict golden = WeightFiles.read(GoldenInterop.Case.UNET_F8_RES2.weights("safetensors"), m);
            Map<String, NDArray> t = new LinkedHashMap<>();
            golden.asMap().forEach((k, v) -> t.put(k, v.toType(DataType.FLOAT16, false)));
            SafetensorsWriter.write(new StateDict(t), half);
            ai.djl.nn.Block block = MonaiImport.fromMonai(half, GoldenInterop.Case.UNET_F8_RES2.spec(), m);
            MonaiKeys.Key first = MonaiKeys.of(block).keys().get(0);
            assertThat(first.parameter().getArray().toFloatArray())
                    .containsExactly(
                            t.get(first.key()).toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    @Test
    void explicitPrefixThatDoesNotFitLeavesEveryKeyMissing() {
        try (NDManager m = NDManager.newBaseManager()) {
            StateDictMismatchException e =
                    catchThrowableOfType(StateDictMismatchException.class, () -> MonaiImport.builder()
                            .setFile(GoldenInterop.Case.UNET_F8_RES2.weights("ckpt"))
                            .setSpec(unet(8, 2))
                            .optPrefix("model.")
                            .build()
                            .load(m));
            assertThat(e.getMissing()).hasSize(63).first().isEqualTo("model.model.0.conv.unit0.conv.weight");
        }
    }

    @Test
    void builderNamesTheBadSetting() {
        assertThatThrownBy(() -> MonaiImport.builder().setSpec(unet(8, 2)).build())
                .hasMessageContaining("file");
        assertThatThrownBy(() -> MonaiImport.builder()
                        .setFile(tmp)
                        .setSpec(unet(8, 2))
                        .optPrefix("_model")
                        .build())
                .hasMessageContaining("invalid prefix = '_model'");
    }
}
