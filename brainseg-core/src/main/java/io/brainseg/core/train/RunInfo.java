package io.brainseg.core.train;

import ai.djl.engine.Engine;
import com.google.gson.JsonObject;

/** Versions of the library, DJL, the engine and the JVM, recorded in every run and checkpoint. */
final class RunInfo {

    private RunInfo() {}

    static JsonObject versions() {
        JsonObject o = new JsonObject();
        String v = RunInfo.class.getPackage().getImplementationVersion();
        o.addProperty("brainseg", v == null ? "development" : v);
        o.addProperty("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        o.addProperty("engine", engine.getEngineName());
        o.addProperty("engineVersion", engine.getVersion());
        o.addProperty("java", System.getProperty("java.version"));
        o.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return o;
    }
}
