package io.brainseg.core.train;

import com.google.gson.JsonObject;

/**
 * The engine probe's verdict recorded in {@code config.json} under {@code "engineProbe"}: whether
 * this machine's libtorch computes correct convolutions, and which workaround (if any) the run used.
 *
 * <p>HOOK for the engine layer ({@code io.brainseg.core.engine}, written separately): until it is
 * wired here, the field says {@code "status": "not probed"} and records the oneDNN instruction-set
 * cap the process was started with, which is what decided correctness before the probe existed.
 */
final class EngineVerdict {

    private EngineVerdict() {}

    /**
     * Returns the verdict for {@code config.json}.
     *
     * @return a new JSON object
     */
    static JsonObject current() {
        // LEAD: replace with the io.brainseg.core.engine probe's verdict (e.g. its toJson()).
        JsonObject o = new JsonObject();
        o.addProperty("status", "not probed");
        String isa = System.getenv(EngineCheck.VARIABLE);
        o.addProperty(EngineCheck.VARIABLE, isa == null ? "unset" : isa);
        o.addProperty("unsafeIsaSuspected", EngineCheck.isUnsafe());
        return o;
    }
}
