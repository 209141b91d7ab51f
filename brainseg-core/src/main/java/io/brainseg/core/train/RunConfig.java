package io.brainseg.core.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brainseg.core.data.BatchSource;
import io.brainseg.core.metric.SegmentationMetric;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.model.ModelSpecProvider;
import io.brainseg.core.transform.BatchTransform;

/**
 * {@code config.json}: every hyper-parameter of a run, the model spec, versions and a
 * fingerprint of the data, written when a run starts; {@link SegmentationTrainer#resume} reads the
 * settings back.
 */
final class RunConfig {

    static final String FILE = "config.json";

    private RunConfig() {}

    static JsonObject create(SegmentationTrainer.Builder s, BatchSource train, BatchSource val) {
        JsonObject o = new JsonObject();
        JsonObject model = new JsonObject();
        model.addProperty("blockClass", s.model.getClass().getName());
        if (s.model instanceof ModelSpecProvider p) {
            ModelSpec spec = p.getSpec();
            model.add("spec", com.google.gson.JsonParser.parseString(spec.toJson()));
        }
        o.add("model", model);
        JsonObject loss = new JsonObject();
        loss.addProperty("class", s.loss.getClass().getName());
        loss.addProperty("name", s.loss.getName());
        o.add("loss", loss);
        JsonArray metrics = new JsonArray();
        for (SegmentationMetric m : s.metrics) {
            JsonObject mo = new JsonObject();
            mo.addProperty("name", m.getName());
            mo.addProperty("class", m.getClass().getName());
            mo.addProperty("higherIsBetter", m.isHigherBetter());
            metrics.add(mo);
        }
        o.add("metrics", metrics);
        o.add("optimizer", s.optimizer.toJson());
        o.add("schedule", s.schedule.toJson());
        o.addProperty("epochs", s.epochs);
        o.addProperty("gradientClipNorm", s.clipNorm);
        JsonObject monitor = new JsonObject();
        monitor.addProperty("name", s.monitor.name());
        monitor.addProperty("higherIsBetter", s.monitor.higherIsBetter());
        o.add("monitor", monitor);
        if (s.earlyStopping != null) {
            JsonObject es = new JsonObject();
            Monitor m = s.earlyStopping.getMonitor();
            if (m != null) {
                es.addProperty("monitor", m.name());
                es.addProperty("higherIsBetter", m.higherIsBetter());
            }
            es.addProperty("patience", s.earlyStopping.getPatience());
            es.addProperty("minDelta", s.earlyStopping.getMinDelta());
            o.add("earlyStopping", es);
        }
        o.addProperty("trainTransform", describe(s.trainTransform));
        o.addProperty("valTransform", describe(s.valTransform));
        o.addProperty("threshold", s.threshold);
        o.addProperty("seed", s.seed);
        o.addProperty("device", String.valueOf(s.device));
        o.addProperty("predictionSamples", s.predictionSamples);
        JsonObject data = new JsonObject();
        data.add("train", fingerprint(train));
        if (val != null) {
            data.add("val", fingerprint(val));
        }
        o.add("data", data);
        o.add("versions", RunInfo.versions());
        o.add("engine", io.brainseg.core.engine.EngineProbe.verdict(s.device).toJsonObject());
        return o;
    }

    private static String describe(BatchTransform t) {
        return t.toString();
    }

    static JsonObject fingerprint(BatchSource source) {
        JsonObject o = new JsonObject();
        o.addProperty("class", source.getClass().getName());
        o.addProperty("description", source.toString());
        o.addProperty("numSamples", source.numSamples());
        o.addProperty("batchSize", source.batchSize());
        o.addProperty("numBatches", source.numBatches());
        return o;
    }

    static SegmentationTrainer.Builder apply(JsonObject c, SegmentationTrainer.Builder b) {
        b.optOptimizer(AdamW.fromJson(c.getAsJsonObject("optimizer")))
                .optSchedule(LearningRateSchedule.fromJson(c.getAsJsonObject("schedule")))
                .setEpochs(c.get("epochs").getAsInt())
                .optGradientClipping(c.get("gradientClipNorm").getAsDouble())
                .optThreshold(c.get("threshold").getAsDouble())
                .optSeed(c.get("seed").getAsLong())
                .optPredictionSamples(c.get("predictionSamples").getAsInt());
        JsonObject m = c.getAsJsonObject("monitor");
        b.optMonitor(new Monitor(m.get("name").getAsString(), m.get("higherIsBetter").getAsBoolean()));
        if (c.has("earlyStopping")) {
            JsonObject es = c.getAsJsonObject("earlyStopping");
            Monitor em = es.has("monitor")
                    ? new Monitor(es.get("monitor").getAsString(), es.get("higherIsBetter").getAsBoolean()) : null;
            b.optEarlyStopping(em, es.get("patience").getAsInt(), es.get("minDelta").getAsDouble());
        }
        return b;
    }
}
