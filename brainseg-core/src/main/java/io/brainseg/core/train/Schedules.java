package io.brainseg.core.train;

import com.google.gson.JsonObject;
import java.util.List;

/** The built-in {@link LearningRateSchedule}s. */
final class Schedules {

    private Schedules() {}

    static double positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + v);
        }
        return v;
    }

    static LearningRateSchedule fromJson(JsonObject json) {
        String type = json.has("type") ? json.get("type").getAsString() : "<missing>";
        switch (type) {
            case "constant":
                return LearningRateSchedule.constant(json.get("lr").getAsDouble());
            case "cosine":
                return LearningRateSchedule.cosine(
                        json.get("lr").getAsDouble(),
                        json.get("minLr").getAsDouble(),
                        json.get("epochs").getAsInt());
            case "step":
                return LearningRateSchedule.step(
                        json.get("lr").getAsDouble(),
                        json.get("stepSize").getAsInt(),
                        json.get("gamma").getAsDouble());
            case "reduceOnPlateau":
                return LearningRateSchedule.reduceOnPlateau(
                        json.get("lr").getAsDouble(),
                        json.get("factor").getAsDouble(),
                        json.get("patience").getAsInt(),
                        json.get("minLr").getAsDouble());
            case "warmup":
                return LearningRateSchedule.warmup(
                        json.get("epochs").getAsInt(), fromJson(json.getAsJsonObject("then")));
            default:
                throw new IllegalArgumentException("unknown learning-rate schedule type '" + type
                        + "'; known: constant, cosine, step, reduceOnPlateau, warmup");
        }
    }

    record Constant(double lr) implements LearningRateSchedule {
        @Override
        public double learningRate(int epoch, List<EpochRecord> history, Monitor monitor) {
            return lr;
        }

        @Override
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("type", "constant");
            o.addProperty("lr", lr);
            return o;
        }
    }

    record Cosine(double lr, double minLr, int epochs) implements LearningRateSchedule {
        @Override
        public double learningRate(int epoch, List<EpochRecord> history, Monitor monitor) {
            if (epoch >= epochs) {
                return minLr;
            }
            return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
        }

        @Override
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("type", "cosine");
            o.addProperty("lr", lr);
            o.addProperty("minLr", minLr);
            o.addProperty("epochs", epochs);
            return o;
        }
    }

    record Step(double lr, int stepSize, double gamma) implements LearningRateSchedule {
        @Override
        public double learningRate(int epoch, List<EpochRecord> history, Monitor monitor) {
            return lr * Math.pow(gamma, epoch / stepSize);
        }

        @Override
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("type", "step");
            o.addProperty("lr", lr);
            o.addProperty("stepSize", stepSize);
            o.addProperty("gamma", gamma);
            return o;
        }
    }

    record Plateau(double lr, double factor, int patience, double minLr) implements LearningRateSchedule {
        @Override
        public double learningRate(int epoch, List<EpochRecord> history, Monitor monitor) {
            // Replaying the history keeps the schedule stateless, hence exact on resume.
            double current = lr;
            double best = Double.NaN;
            int bad = 0;
            for (int i = 0; i < Math.min(epoch, history.size()); i++) {
                double v = monitor.valueOf(history.get(i));
                if (monitor.improves(v, best, 0)) {
                    best = v;
                    bad = 0;
                } else {
                    bad++;
                }
                if (bad > patience) {
                    current = Math.max(current * factor, minLr);
                    bad = 0;
                }
            }
            return current;
        }

        @Override
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("type", "reduceOnPlateau");
            o.addProperty("lr", lr);
            o.addProperty("factor", factor);
            o.addProperty("patience", patience);
            o.addProperty("minLr", minLr);
            return o;
        }
    }

    record Warmup(int epochs, LearningRateSchedule then) implements LearningRateSchedule {
        @Override
        public double learningRate(int epoch, List<EpochRecord> history, Monitor monitor) {
            if (epoch < epochs) {
                // The target is what the wrapped schedule starts with; a history-driven schedule has
                // no history yet at its own epoch 0.
                return then.learningRate(0, List.of(), monitor) * (epoch + 1) / (epochs + 1);
            }
            // The wrapped schedule counts from the end of the warm-up and sees only its own epochs,
            // so a cosine ends where it would without the warm-up and a plateau ignores the climb.
            List<EpochRecord> own = history.subList(Math.min(epochs, history.size()), history.size());
            return then.learningRate(epoch - epochs, own, monitor);
        }

        @Override
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("type", "warmup");
            o.addProperty("epochs", epochs);
            o.add("then", then.toJson());
            return o;
        }
    }
}
