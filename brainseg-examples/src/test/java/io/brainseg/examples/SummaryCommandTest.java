package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SummaryCommandTest {

    @Test
    void unetF16WithTwoResidualUnitsHasTheReferenceParameterCount() {
        String out = Cli.run(0, "summary", "--model", "unet", "--filters", "16", "--res-units", "2")
                .out();
        assertThat(out).contains("parameters:              1,625,420");
    }

    @ParameterizedTest
    @CsvSource({
        "UNet, 2, unet, 8",
        "UNet, 2, unet, 16",
        "UNet, 0, unet, 16",
        "AttentionUnet, 0, attention-unet, 8",
        "AttentionUnet, 0, attention-unet, 16"
    })
    void parametersAndConvMacsMatchMonaiAt256(String arch, int resUnits, String model, int filters) throws Exception {
        JsonObject golden = find(arch, resUnits, filters);
        String out = Cli.run(
                        0,
                        "summary",
                        "--model",
                        model,
                        "--filters",
                        Integer.toString(filters),
                        "--res-units",
                        Integer.toString(resUnits),
                        "--size",
                        "256")
                .out();
        assertThat((long) Cli.number(out, "parameters:"))
                .isEqualTo(golden.get("params").getAsLong());
        assertThat((long) Cli.number(out, "multiply-adds/slice:"))
                .isEqualTo(golden.get("conv_macs").getAsLong());
    }

    @Test
    void multiplyAddsScaleWithThePlane() {
        double at256 = Cli.number(Cli.run(0, "summary", "--filters", "8").out(), "multiply-adds/slice:");
        double at128 = Cli.number(
                Cli.run(0, "summary", "--filters", "8", "--size", "128").out(), "multiply-adds/slice:");
        assertThat(at256 / at128).isEqualTo(4.0);
    }

    @Test
    void badArgumentsPrintUsageAndExit2() {
        assertThat(Cli.run(2, "summary", "--model", "resnet").err()).contains("unknown model 'resnet'", "Usage:");
        assertThat(Cli.run(2, "summary", "--size", "100").err()).contains("multiple of 16", "Usage:");
        assertThat(Cli.run(2, "summary", "--filters", "many").err()).contains("--filters");
        assertThat(Cli.run(0, "summary", "--help").out()).contains("--res-units", "--size");
    }

    private static JsonObject find(String arch, int resUnits, int filters) throws Exception {
        JsonObject root = JsonParser.parseString(Golden.read("networks.json")).getAsJsonObject();
        for (JsonElement e : root.getAsJsonArray("networks")) {
            JsonObject n = e.getAsJsonObject();
            if (n.get("arch").getAsString().equals(arch)
                    && n.get("f").getAsInt() == filters
                    && n.get("dropout").getAsDouble() == 0.0
                    && (!n.has("num_res_units") || n.get("num_res_units").getAsInt() == resUnits)) {
                return n;
            }
        }
        throw new AssertionError("no " + arch + " f=" + filters + " res=" + resUnits + " in networks.json");
    }
}
