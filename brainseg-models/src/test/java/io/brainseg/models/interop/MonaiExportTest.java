package io.brainseg.models.interop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import io.brainseg.models.interop.tensor.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exported weights re-read with the library's readers equal MONAI's file: keys, order, shapes, dtypes, values. */
class MonaiExportTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "UNET_F8_RES2, safetensors",
        "UNET_F8_RES2, pt",
        "ATTENTION_UNET_F8, safetensors",
        "ATTENTION_UNET_F8, pt"
    })
    void exportedStateDictEqualsMonaisFile(GoldenInterop.Case c, String extension) throws IOException {
        JsonObject io = c.io();
        List<GoldenInterop.KeyInfo> golden = GoldenInterop.keys(io);
        Path out = tmp.resolve("exported." + extension);
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = MonaiImport.fromMonai(c.weights("pt"), c.spec(), m);
            if (extension.equals("pt")) {
                MonaiExport.toTorchStateDict(block, out);
            } else {
                MonaiExport.toSafetensors(block, out);
            }
            StateDict original = WeightFiles.read(c.weights("safetensors"), m);
            StateDict exported = WeightFiles.read(out, m);
            assertThat(exported.keys())
                    .containsExactlyElementsOf(
                            golden.stream().map(GoldenInterop.KeyInfo::key).toList());
            for (GoldenInterop.KeyInfo k : golden) {
                NDArray a = exported.get(k.key());
                assertThat(a.getShape()).as(k.key()).isEqualTo(k.shape());
                if (k.key().endsWith("num_batches_tracked")) {
                    assertThat(a.getDataType()).as(k.key()).isEqualTo(DataType.INT64);
                    assertThat(a.toLongArray()).as(k.key()).containsExactly(0L);
                } else {
                    assertThat(a.getDataType()).as(k.key()).isEqualTo(DataType.FLOAT32);
                    // Bit for bit: nothing is recomputed between import and export.
                    assertThat(a.toFloatArray())
                            .as(k.key())
                            .containsExactly(original.get(k.key()).toFloatArray());
                }
            }
            // And the exported file is a working network again.
            Block again = MonaiImport.fromMonai(out, c.spec(), m);
            NDArray logits = GoldenInterop.infer(again, m, GoldenInterop.array(m, io, "input"));
            assertThat(GoldenInterop.maxAbsDiff(logits, GoldenInterop.array(m, io, "logits")))
                    .isLessThanOrEqualTo(1e-5);
        }
    }
}
