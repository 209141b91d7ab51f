package io.brainseg.models.interop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import io.brainseg.models.interop.tensor.StateDict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every golden file loads into the matching brainseg network and reproduces MONAI's eval-mode logits. */
class MonaiImportGoldenTest {

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({
        "UNET_F8_RES2, safetensors", "UNET_F8_RES2, pt", "UNET_F8_RES2, ckpt",
        "ATTENTION_UNET_F8, safetensors", "ATTENTION_UNET_F8, pt", "ATTENTION_UNET_F8, ckpt"
    })
    void importedNetworkReproducesMonaiLogits(GoldenInterop.Case c, String extension) throws IOException {
        JsonObject io = c.io();
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = MonaiImport.fromMonai(c.weights(extension), c.spec(), m);
            NDArray expected = GoldenInterop.array(m, io, "logits");
            NDArray actual = GoldenInterop.infer(block, m, GoldenInterop.array(m, io, "input"));
            assertThat(actual.getShape()).isEqualTo(expected.getShape());
            double diff = GoldenInterop.maxAbsDiff(actual, expected);
            System.out.printf("interop golden %s.%s: max |logit diff| = %.3g%n", c.file, extension, diff);
            assertThat(diff).isLessThanOrEqualTo(1e-5);
            // The logits are far from constant, so a match is not an accident of a dead network.
            assertThat(expected.max().getFloat() - expected.min().getFloat()).isGreaterThan(0.1f);
        }
    }

    @ParameterizedTest
    @EnumSource(GoldenInterop.Case.class)
    void keysDerivedFromTheBlockTreeAreMonaisInOrder(GoldenInterop.Case c) throws IOException {
        List<GoldenInterop.KeyInfo> golden = GoldenInterop.keys(c.io());
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = MonaiImport.fromMonai(c.weights("safetensors"), c.spec(), m);
            List<MonaiKeys.Key> keys = MonaiKeys.of(block).keys();
            assertThat(keys)
                    .extracting(MonaiKeys.Key::key)
                    .containsExactlyElementsOf(
                            golden.stream().map(GoldenInterop.KeyInfo::key).toList());
            for (int i = 0; i < keys.size(); i++) {
                assertThat(keys.get(i).shape())
                        .as(keys.get(i).key())
                        .isEqualTo(golden.get(i).shape());
                assertThat(keys.get(i).dataType().name().toLowerCase())
                        .as(keys.get(i).key())
                        .isEqualTo(golden.get(i).dtype());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GoldenInterop.Case.class)
    void lightningPrefixIsDetected(GoldenInterop.Case c) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = MonaiImport.fromMonai(c.weights("safetensors"), c.spec(), m);
            StateDict ckpt = WeightFiles.read(c.weights("ckpt"), m);
            assertThat(MonaiImport.detectPrefix(ckpt, MonaiKeys.of(block))).isEqualTo("_model.");
            StateDict plain = WeightFiles.read(c.weights("pt"), m);
            assertThat(MonaiImport.detectPrefix(plain, MonaiKeys.of(block))).isEmpty();
        }
    }
}
