package io.brainseg.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.brainseg.core.testing.ConvCheck;
import io.brainseg.core.testing.ConvReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The canary: runs the raw engine (padding forced off) on the shapes the defect corrupts. Where the
 * probe reports the defect, at least one of them must be wrong; the day a new libtorch fixes
 * oneDNN, this test fails and says the workaround can go (see docs/engine-defects.md, "Checking a
 * new engine version"). Where the probe reports a healthy engine, all of them must be right, so
 * the probe and the engine agree on every machine.
 */
class EngineDefectCanaryTest {

    private static final double TOLERANCE = 1e-4;

    @AfterEach
    void clearOverride() {
        System.clearProperty(ConvPadding.PROPERTY);
    }

    @Test
    void theRawEngineIsWrongExactlyWhereTheProbeSaysItIs() {
        ProbeVerdict verdict = EngineProbe.verdict(Device.cpu());
        System.setProperty(ConvPadding.PROPERTY, "off");
        List<ConvReference> shapes = List.of(
                new ConvReference(2, 1, 8, 8, 2, 2, 1, 0), // 2 filters: input gradient
                new ConvReference(2, 16, 12, 12, 1, 3, 1, 1), // 1 filter: input gradient
                new ConvReference(2, 8, 12, 12, 12, 3, 1, 1), // 12 filters: input gradient
                new ConvReference(2, 17, 10, 10, 16, 3, 1, 1), // C_in 17: forward
                new ConvReference(2, 24, 10, 10, 16, 3, 1, 1), // C_in 24: forward
                new ConvReference(2, 33, 10, 10, 16, 3, 1, 1), // C_in 33: forward
                new ConvReference(2, 48, 8, 8, 16, 3, 2, 1)); // C_in 48, stride 2: input gradient
        List<String> wrong = new ArrayList<>();
        for (ConvReference g : shapes) {
            ConvCheck.Errors e = ConvCheck.run(
                    g, g.c() * 100L + g.f(), (x, w, b) -> ConvPadding.conv2d(x, w, b, g.s(), g.p(), g.p()));
            if (!(e.max() < TOLERANCE)) {
                wrong.add(g + " " + e);
            }
        }
        if (verdict.defect()) {
            assertThat(wrong)
                    .as(
                            "CANARY: the probe says '%s' but the unpadded engine is right on every shape the defect "
                                    + "corrupted. The engine may have been fixed: check it as docs/engine-defects.md says and "
                                    + "remove the padding workaround (io.brainseg.core.engine.ConvPadding).",
                            verdict.describe())
                    .isNotEmpty();
        } else {
            assertThat(wrong)
                    .as("the probe says '%s' but the unpadded engine is wrong", verdict.describe())
                    .isEmpty();
        }
    }
}
