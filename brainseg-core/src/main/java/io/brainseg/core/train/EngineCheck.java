package io.brainseg.core.train;

import ai.djl.Device;
import io.brainseg.core.engine.ConvPadding;
import io.brainseg.core.engine.EngineProbe;
import io.brainseg.core.engine.ProbeVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine-defect probe before training and explains a diverged run. The probe must run
 * before the training loop opens its {@code GradientCollector} (DJL allows one per process), so
 * the convolution blocks find its verdict cached; {@link EngineProbe} logs the verdict and
 * {@code config.json} stores it. See {@code docs/engine-defects.md}.
 */
final class EngineCheck {

    private static final Logger LOG = LoggerFactory.getLogger(EngineCheck.class);

    private EngineCheck() {}

    /**
     * Probes the device (once per process) and warns when the defect is present but the padding
     * workaround is switched off with the system property.
     *
     * @param device the training device
     * @return the verdict
     */
    static ProbeVerdict probe(Device device) {
        ProbeVerdict v = EngineProbe.verdict(device);
        if (v.defect() && ConvPadding.mode() == ConvPadding.Mode.OFF) {
            LOG.warn(
                    "{}=off on a device with the oneDNN channel-padding defect: convolution gradients "
                            + "will be wrong (docs/engine-defects.md)",
                    ConvPadding.PROPERTY);
        }
        return v;
    }

    /**
     * A sentence to append to a divergence message when the engine may be the cause.
     *
     * @param device the training device
     * @return the hint, or an empty string
     */
    static String hint(Device device) {
        ProbeVerdict v = EngineProbe.cached(device);
        return v != null && v.defect() && ConvPadding.mode() == ConvPadding.Mode.OFF
                ? " (" + ConvPadding.PROPERTY + "=off on a device with the oneDNN defect: gradients are wrong, "
                        + "see docs/engine-defects.md)"
                : "";
    }
}
