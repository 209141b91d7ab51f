package io.brainseg.core.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.batch.BatchSource;
import io.brainseg.core.config.Configs;
import io.brainseg.core.engine.EngineProbe;
import io.brainseg.core.metric.SegmentationMetric;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.model.ModelSpecProvider;
import io.brainseg.core.task.BinarySegmentationTask;
import io.brainseg.core.train.optim.ResumableOptimizer;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code config.json}: every hyper-parameter of a run — model spec, loss, metrics, task, optimizer,
 * schedule, transforms (each with its parameters, see {@link io.brainseg.core.config.Configurable}),
 * seed, device, threads, the engine probe's verdict — plus versions and a fingerprint of the data,
 * written when a run starts. {@link SegmentationTrainer#resume} reads the settings back, and a
 * resumed fit refuses a loss, metric, task or pipeline that differs from the saved one.
 */
final class RunConfig {

    static final String FILE = "config.json";

    /** The components whose description must match on resume, in the order they are checked. */
    private static final String[] COMPONENTS = {"loss", "metrics", "task", "trainTransform", "valTransform"};

    private RunConfig() {}

    static JsonObject create(TrainingConfig c, BatchSource train, BatchSource val) {
        JsonObject o = new JsonObject();
        JsonObject model = new JsonObject();
        model.addProperty("blockClass", c.getModel().getClass().getName());
        if (c.getModel() instanceof ModelSpecProvider p) {
            ModelSpec spec = p.getSpec();
            model.add("spec", JsonParser.parseString(spec.toJson()));
        }
        o.add("model", model);
        o.add("loss", describe(c.getLoss()));
        JsonArray metrics = new JsonArray();
        for (SegmentationMetric m : c.getMetrics()) {
            JsonObject mo = describe(m);
            mo.addProperty("name", m.getName());
            mo.addProperty("higherIsBetter", m.isHigherBetter());
            metrics.add(mo);
        }
        o.add("metrics", metrics);
        o.add("task", describe(c.getTask()));
        o.add("optimizer", c.getOptimizer().toJson());
        o.add("schedule", c.getSchedule().toJson());
        o.addProperty("epochs", c.getEpochs());
        o.addProperty("gradientClipNorm", c.getGradientClipNorm());
        o.add("monitor", monitorJson(c.getMonitor()));
        if (c.getEarlyStopping() != null) {
            EarlyStopping e = c.getEarlyStopping();
            JsonObject es = e.getMonitor() != null ? monitorJson(e.getMonitor()) : new JsonObject();
            es.addProperty("patience", e.getPatience());
            es.addProperty("minDelta", e.getMinDelta());
            o.add("earlyStopping", es);
        }
        JsonObject train0 = describe(c.getTrainTransform());
        train0.addProperty("description", c.getTrainTransform().toString());
        o.add("trainTransform", train0);
        JsonObject val0 = describe(c.getValTransform());
        val0.addProperty("description", c.getValTransform().toString());
        o.add("valTransform", val0);
        o.addProperty("seed", c.getSeed());
        o.addProperty("device", String.valueOf(c.getDevice()));
        o.add("threads", threads());
        o.add("engineProbe", EngineProbe.verdict(c.getDevice()).toJsonObject());
        JsonObject data = new JsonObject();
        data.add("train", fingerprint(train));
        if (val != null) {
            data.add("val", fingerprint(val));
        }
        o.add("data", data);
        o.add("versions", RunInfo.versions());
        return o;
    }

    private static JsonObject monitorJson(Monitor m) {
        JsonObject o = new JsonObject();
        o.addProperty("name", m.getName());
        o.addProperty("higherIsBetter", m.isHigherBetter());
        return o;
    }

    /**
     * {@code {class, config}} of a component as JSON. A lambda's generated class name changes from
     * one JVM to the next, so it is recorded as {@code <lambda>}.
     */
    static JsonObject describe(Object component) {
        Map<String, Object> d = Configs.describe(component);
        JsonObject o = Checkpoint.GSON.toJsonTree(d).getAsJsonObject();
        String cls = o.get("class").getAsString();
        if (cls.contains("$$Lambda")) {
            o.addProperty("class", "<lambda>");
        }
        // Through text and back, so numbers compare the same way as those read from the file.
        return JsonParser.parseString(Checkpoint.GSON.toJson(o)).getAsJsonObject();
    }

    /** The threads the JVM and the engine may use: part of what makes a run's speed comparable. */
    private static JsonObject threads() {
        JsonObject t = new JsonObject();
        t.addProperty("availableProcessors", Runtime.getRuntime().availableProcessors());
        for (String p : new String[] {"ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads"}) {
            String v = System.getProperty(p);
            if (v != null) {
                t.addProperty(p, v);
            }
        }
        for (String env : new String[] {"OMP_NUM_THREADS", "MKL_NUM_THREADS", "ONEDNN_MAX_CPU_ISA"}) {
            String v = System.getenv(env);
            if (v != null) {
                t.addProperty(env, v);
            }
        }
        return t;
    }

    static JsonObject fingerprint(BatchSource source) {
        JsonObject o = new JsonObject();
        o.addProperty("class", source.getClass().getName());
        o.addProperty("description", source.toString());
        o.addProperty("numSamples", source.getNumSamples());
        o.addProperty("batchSize", source.getBatchSize());
        o.addProperty("numBatches", source.getNumBatches());
        return o;
    }

    /**
     * Refuses a resume whose loss, metrics, task or pipelines are described differently from the
     * run's {@code config.json}.
     *
     * @throws IllegalArgumentException naming the first difference: its path, the saved and the
     *     current value
     */
    static void checkSameComponents(JsonObject saved, JsonObject current, Path file) {
        for (String key : COMPONENTS) {
            JsonElement a = saved.get(key);
            JsonElement b = current.get(key);
            String diff = firstDifference(key, a, b);
            if (diff != null) {
                throw new IllegalArgumentException("cannot resume: the " + key + " differs from the run's (" + file
                        + "): " + diff + "; set the same " + key + " as the original run");
            }
        }
    }

    /** Returns where two JSON trees first differ, as "path: saved X, now Y", or null if equal. */
    static String firstDifference(String path, JsonElement saved, JsonElement now) {
        if (saved == null || now == null || saved.isJsonNull() || now.isJsonNull()) {
            boolean same = (saved == null || saved.isJsonNull()) == (now == null || now.isJsonNull());
            return same ? null : path + ": saved " + saved + ", now " + now;
        }
        if (saved.isJsonObject() && now.isJsonObject()) {
            JsonObject a = saved.getAsJsonObject();
            JsonObject b = now.getAsJsonObject();
            for (String k : a.keySet()) {
                if (k.equals("description")) {
                    continue; // toString text: informative, not a setting
                }
                String d = firstDifference(path + "." + k, a.get(k), b.get(k));
                if (d != null) {
                    return d;
                }
            }
            for (String k : b.keySet()) {
                // A null member is absent once written (Gson drops nulls), so only a value counts.
                if (!a.has(k) && !k.equals("description") && !b.get(k).isJsonNull()) {
                    return path + "." + k + ": not in the saved run, now " + b.get(k);
                }
            }
            return null;
        }
        if (saved.isJsonArray() && now.isJsonArray()) {
            JsonArray a = saved.getAsJsonArray();
            JsonArray b = now.getAsJsonArray();
            if (a.size() != b.size()) {
                return path + ": saved " + a.size() + " entries " + a + ", now " + b.size() + " " + b;
            }
            for (int i = 0; i < a.size(); i++) {
                String d = firstDifference(path + "[" + i + "]", a.get(i), b.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return saved.equals(now) ? null : path + ": saved " + saved + ", now " + now;
    }

    static SegmentationTrainer.Builder apply(JsonObject c, Path file, SegmentationTrainer.Builder b) {
        try {
            b.optOptimizer(ResumableOptimizer.fromJson(c.getAsJsonObject("optimizer")))
                    .optSchedule(LearningRateSchedule.fromJson(c.getAsJsonObject("schedule")))
                    .setEpochs(c.get("epochs").getAsInt())
                    .optGradientClipping(c.get("gradientClipNorm").getAsDouble())
                    .optSeed(c.get("seed").getAsLong());
            JsonObject task = c.getAsJsonObject("task");
            if (task != null
                    && BinarySegmentationTask.class
                            .getName()
                            .equals(task.get("class").getAsString())) {
                JsonObject tc = task.getAsJsonObject("config");
                b.optTask(BinarySegmentationTask.builder()
                        .optThreshold(tc.get("threshold").getAsDouble())
                        .optKeys(
                                tc.get("imageKey").getAsString(),
                                tc.get("labelKey").getAsString())
                        .build());
            }
            JsonObject m = c.getAsJsonObject("monitor");
            b.optMonitor(new Monitor(
                    m.get("name").getAsString(), m.get("higherIsBetter").getAsBoolean()));
            if (c.has("earlyStopping")) {
                JsonObject es = c.getAsJsonObject("earlyStopping");
                Monitor em = es.has("name")
                        ? new Monitor(
                                es.get("name").getAsString(),
                                es.get("higherIsBetter").getAsBoolean())
                        : null;
                b.optEarlyStopping(
                        em, es.get("patience").getAsInt(), es.get("minDelta").getAsDouble());
            }
            return b;
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "cannot read the run's settings back: " + e, e);
        }
    }
}
