package io.brainseg.core.engine;

import com.google.gson.JsonObject;
import java.util.Locale;

/**
 * What {@link EngineProbe} found on one device: whether the engine has oneDNN's channel-padding
 * defect there, the errors that decided it, and the channel block the workaround pads to.
 *
 * <p>Errors are relative: {@code max |engine − reference| / max |reference|} against plain-loop
 * references computed in double precision from small integers (exact in float32), so a healthy
 * engine gives 0 or rounding noise (&lt; 1e-6) and the defect gives 0.1–1 or NaN.
 *
 * @param device the device probed, as DJL names it ({@code cpu()}, {@code gpu(0)})
 * @param engine the engine name and version, e.g. {@code PyTorch 2.7.1}
 * @param defect whether either check failed
 * @param backwardError relative error of the input gradient of the probe's convolution (17→2
 *     channels, 2×2 kernel, batch 2): wrong with the defect because 2 filters are fewer than a block
 * @param forwardError relative error of the same convolution's forward values: wrong with the defect
 *     because 17 input channels exceed a block and are not a multiple of it
 * @param channelBlock the channel block of oneDNN's kernels the workaround pads to (16 for
 *     AVX-512, 8 for AVX2/AVX); meaningful when {@code defect}
 * @param isaCap the {@code ONEDNN_MAX_CPU_ISA} environment variable, or {@code null} when unset
 * @param millis how long the probe took, in milliseconds
 */
public record ProbeVerdict(
        String device,
        String engine,
        boolean defect,
        double backwardError,
        double forwardError,
        int channelBlock,
        String isaCap,
        double millis) {

    /** Relative error above which a check counts as failed; rounding noise is far below it. */
    public static final double TOLERANCE = 1e-3;

    /**
     * Returns the verdict as one JSON object, the form a run's {@code config.json} stores:
     * {@code {"device":"cpu()","engine":"PyTorch 2.7.1","defect":true,"backwardError":0.84,
     * "forwardError":0.06,"channelBlock":16,"isaCap":null,"millis":6.1}} (NaN errors as strings).
     *
     * @return the JSON text
     */
    public String toJson() {
        return toJsonObject().toString();
    }

    /**
     * Returns the verdict as a Gson object (see {@link #toJson()}).
     *
     * @return a new JSON object
     */
    public JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        o.addProperty("device", device);
        o.addProperty("engine", engine);
        o.addProperty("defect", defect);
        addNumber(o, "backwardError", backwardError);
        addNumber(o, "forwardError", forwardError);
        o.addProperty("channelBlock", channelBlock);
        o.addProperty("isaCap", isaCap);
        o.addProperty("millis", Math.round(millis * 10) / 10.0);
        o.addProperty("padding", ConvPadding.mode().name().toLowerCase(Locale.ROOT));
        return o;
    }

    private static void addNumber(JsonObject o, String name, double v) {
        if (Double.isFinite(v)) {
            o.addProperty(name, v);
        } else {
            o.addProperty(name, String.valueOf(v));
        }
    }

    /**
     * Returns one line for a log or a report, e.g. {@code "PyTorch 2.7.1 on cpu(): oneDNN
     * channel-padding defect found (input gradient error 0.84, C_in=17 forward error 0.06); convolutions
     * pad channels to 16 (docs/engine-defects.md)"}.
     *
     * @return the description
     */
    public String describe() {
        String errors = String.format(
                Locale.ROOT, "input gradient error %.2g, C_in=17 forward error %.2g", backwardError, forwardError);
        if (!defect) {
            return engine + " on " + device + ": no oneDNN channel-padding defect (" + errors
                    + "); convolutions run unpadded";
        }
        return engine + " on " + device + ": oneDNN channel-padding defect found (" + errors
                + "); convolutions pad channels to " + channelBlock + " (docs/engine-defects.md)";
    }
}
