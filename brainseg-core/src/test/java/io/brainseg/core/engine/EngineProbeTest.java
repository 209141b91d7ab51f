package io.brainseg.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class EngineProbeTest {

    @Test
    void verdictIsComputedOncePerDeviceAndCached() {
        ProbeVerdict first = EngineProbe.verdict(Device.cpu());
        assertThat(EngineProbe.verdict(Device.cpu())).isSameAs(first);
        assertThat(EngineProbe.cached(Device.cpu())).isSameAs(first);
        assertThat(first.device()).isEqualTo(Device.cpu().toString());
        assertThat(first.engine()).startsWith("PyTorch");
    }

    @Test
    void repeatedRunsAgreeOnTheDefectAndTheChannelBlock() {
        ProbeVerdict cached = EngineProbe.verdict(Device.cpu());
        ProbeVerdict again = EngineProbe.run(Device.cpu());
        assertThat(again.defect()).isEqualTo(cached.defect());
        assertThat(again.channelBlock()).isEqualTo(cached.channelBlock());
        assertThat(again.channelBlock()).isIn(8, 16);
        if (!again.defect()) {
            // A healthy engine reproduces the integer references to rounding noise.
            assertThat(again.backwardError()).isLessThan(1e-6);
            assertThat(again.forwardError()).isLessThan(1e-6);
        }
    }

    @Test
    void relativeErrorIsTheLargestDifferenceOverTheLargestReference() {
        assertThat(EngineProbe.relativeError(new float[] {1, 2, 4}, new double[] {1, 2, 4}))
                .isZero();
        // max |diff| = 0.5 (second value), max |ref| = 4
        assertThat(EngineProbe.relativeError(new float[] {1, 2.5f, -4}, new double[] {1, 2, -4}))
                .isCloseTo(0.125, within(1e-12));
        assertThat(EngineProbe.relativeError(new float[] {1, Float.NaN}, new double[] {1, 2}))
                .isNaN();
    }

    @Test
    void jsonCarriesEveryFieldAndNaNErrorsAsText() {
        ProbeVerdict v = new ProbeVerdict("cpu()", "PyTorch 2.7.1", true, Double.NaN, 0.25, 16, null, 6.04);
        JsonObject o = JsonParser.parseString(v.toJson()).getAsJsonObject();
        assertThat(o.get("device").getAsString()).isEqualTo("cpu()");
        assertThat(o.get("engine").getAsString()).isEqualTo("PyTorch 2.7.1");
        assertThat(o.get("defect").getAsBoolean()).isTrue();
        assertThat(o.get("backwardError").getAsString()).isEqualTo("NaN");
        assertThat(o.get("forwardError").getAsDouble()).isEqualTo(0.25);
        assertThat(o.get("channelBlock").getAsInt()).isEqualTo(16);
        assertThat(o.get("isaCap").isJsonNull()).isTrue();
        assertThat(o.get("millis").getAsDouble()).isEqualTo(6.0);
        assertThat(o.get("padding").getAsString())
                .isEqualTo(ConvPadding.mode().name().toLowerCase());
    }

    @Test
    void describeSaysWhetherAndHowConvolutionsArePadded() {
        assertThat(new ProbeVerdict("cpu()", "PyTorch 2.7.1", true, 0.96, 0.04, 16, null, 5).describe())
                .contains("defect found", "0.96", "pad channels to 16", "docs/engine-defects.md");
        assertThat(new ProbeVerdict("gpu(0)", "PyTorch 2.7.1", false, 0, 0, 16, null, 5).describe())
                .contains("gpu(0)", "no oneDNN channel-padding defect", "unpadded");
    }
}
