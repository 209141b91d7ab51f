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
            default:
                throw new IllegalArgumentException("unknown learning-rate schedule type '" + type
                        + "'; known: constant, cosine, step, reduceOnPlateau");
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
}
