package io.brainseg.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.BatchSource;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.metric.SegmentationMetric;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.model.ModelSpecProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One call of {@link SegmentationTrainer#fit}: the epochs, the steps and the bookkeeping. */
final class TrainingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationTrainer.class);

    private final SegmentationTrainer.Builder s;
    private final NDManager manager;
    private final BatchSource train;
    private final BatchSource val;
    private final Block block;
    private final List<EpochRecord> history = new ArrayList<>();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final TrainingContext ctx;
    private ParameterStore parameterStore;
    private NDList weights;
    private AdamW.State optimizerState;
    private Shape inputShape;
    private Checkpoint resumeFrom;
    private int currentEpoch;
    private JsonObject config;
    private final IdDigest trainIds = new IdDigest();
    private final IdDigest valIds = new IdDigest();

    TrainingLoop(SegmentationTrainer trainer, NDManager manager, BatchSource train, BatchSource val) {
        this.s = trainer.settings;
        this.manager = manager;
        this.train = train;
        this.val = val;
        this.block = s.model;
        this.ctx = new TrainingContext(s.runDirectory, s.epochs, train.numBatches(), s.monitor, s.threshold, s.quiet, block, history,
                this::writeCheckpoint);
        if (s.runDirectory != null) {
            listeners.add(new CsvLogger());
            listeners.add(new CheckpointListener());
            listeners.add(new CurvePlotter());
            if (s.predictionSamples > 0 && val != null) {
                listeners.add(new PredictionLogger(s.predictionSamples));
            }
        }
        if (s.earlyStopping != null) {
            listeners.add(s.earlyStopping);
        }
        if (!s.quiet) {
            listeners.add(new ConsoleProgress());
        }
        listeners.addAll(s.listeners);
    }

    TrainingResult run() {
        if (val == null && !Monitor.TRAIN_LOSS.equals(s.monitor.name())) {
            throw new IllegalArgumentException("without validation data the monitor must be '" + Monitor.TRAIN_LOSS
                    + "', got '" + s.monitor.name() + "'");
        }
        EngineCheck.warnIfUnsafe();
        int startEpoch = prepareRunDirectory();
        listeners.forEach(l -> l.onTrainingStart(ctx));
        for (int epoch = startEpoch; epoch < s.epochs && ctx.getStopReason() == null; epoch++) {
            runEpoch(epoch);
        }
        int best = s.monitor.bestIndex(history);
        TrainingResult result = new TrainingResult(s.monitor, best < 0 ? -1 : history.get(best).epoch(),
                best < 0 ? Double.NaN : s.monitor.valueOf(history.get(best)), history,
                ctx.getStopReason() == null ? "completed" : ctx.getStopReason(), s.runDirectory);
        LOG.info("training ended ({}): best {} = {} at epoch {}", result.stopReason(), s.monitor.name(),
                result.bestValue(), result.bestEpoch() + 1);
        listeners.forEach(l -> l.onTrainingEnd(ctx, result));
        return result;
    }

    /** Creates or checks the run directory; returns the first epoch to run. */
    private int prepareRunDirectory() {
        if (s.runDirectory == null) {
            return 0;
        }
        try {
            Files.createDirectories(s.runDirectory);
            Path last = AtomicFiles.resolveDirectory(s.runDirectory.resolve(Checkpoint.LAST));
            if (s.resume && Files.isRegularFile(last.resolve(Checkpoint.META))) {
                resumeFrom = Checkpoint.read(last);
                JsonObject state = resumeFrom.readState();
                for (var e : state.getAsJsonArray("history")) {
                    history.add(recordFromJson(e.getAsJsonObject()));
                }
                int start = state.get("epochsCompleted").getAsInt();
                LOG.info("resuming {} after epoch {} (counted from 1)", s.runDirectory, start);
                return start;
            }
            if (Files.exists(s.runDirectory.resolve(Checkpoint.LAST))) {
                throw new IllegalArgumentException("run directory " + s.runDirectory + " already holds a run ("
                        + Checkpoint.LAST + "/); resume it with optResume(true) or choose a new directory");
            }
            config = RunConfig.create(s, train, val);
            AtomicFiles.writeString(s.runDirectory.resolve(RunConfig.FILE), Checkpoint.GSON.toJson(config));
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run directory " + s.runDirectory, e);
        }
    }

    private void runEpoch(int epoch) {
        currentEpoch = epoch;
        long start = System.nanoTime();
        double lr = s.schedule.learningRate(epoch, history, s.monitor);
        // The engine seed is global: reseed per epoch so dropout does not depend on earlier epochs.
        Engine.getInstance().setRandomSeed(Seeds.engineSeed(s.seed, epoch));
        listeners.forEach(l -> l.onEpochStart(ctx, epoch));
        double lossSum = 0;
        long samples = 0;
        try (NDManager epochManager = manager.newSubManager(); BatchIterator it = train.epoch(epochManager, epoch)) {
            int index = 0;
            while (it.hasNext()) {
                try (SampleBatch batch = it.next()) {
                    if (epoch == 0) {
                        trainIds.add(batch.getIds());
                    }
                    double loss = step(batch, epoch, index, lr, start, samples);
                    lossSum += loss * batch.size();
                    samples += batch.size();
                }
                index++;
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        double valLoss = Double.NaN;
        Map<String, Double> metricValues = new LinkedHashMap<>();
        if (val != null) {
            valLoss = validate(epoch, metricValues);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochRecord record = new EpochRecord(epoch, samples == 0 ? Double.NaN : lossSum / samples, valLoss,
                metricValues, lr, seconds, trainSeconds > 0 ? samples / trainSeconds : 0);
        double previousBest = bestValue();
        history.add(record);
        if (epoch == 0) {
            recordDataFingerprint();
        }
        LOG.info("epoch {}/{}: train_loss {} val_loss {} {} lr {} {} s {} slices/s", epoch + 1, s.epochs,
                fmt(record.trainLoss()), fmt(valLoss), metricValues, record.learningRate(), fmt(seconds),
                fmt(record.slicesPerSecond()));
        listeners.forEach(l -> l.onEpochEnd(ctx, record));
        if (s.monitor.improves(s.monitor.valueOf(record), previousBest, 0)) {
            listeners.forEach(l -> l.onBestImproved(ctx, record));
        }
    }

    /** Adds the slice ids seen in epoch 0 to config.json, so two runs can be checked for equal data. */
    private void recordDataFingerprint() {
        if (config == null) {
            return;
        }
        JsonObject data = config.getAsJsonObject("data");
        trainIds.putInto(data.getAsJsonObject("train"), "epoch0IdsSha256");
        if (val != null) {
            valIds.putInto(data.getAsJsonObject("val"), "idsSha256");
        }
        try {
            AtomicFiles.writeString(s.runDirectory.resolve(RunConfig.FILE), Checkpoint.GSON.toJson(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + s.runDirectory.resolve(RunConfig.FILE), e);
        }
    }

    /** SHA-256 over slice ids in the order seen. */
    private static final class IdDigest {
        private final java.security.MessageDigest digest;
        private long count;

        IdDigest() {
            try {
                digest = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(List<io.brainseg.core.batch.SliceId> ids) {
            for (io.brainseg.core.batch.SliceId id : ids) {
                digest.update((id + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                count++;
            }
        }

        void putInto(JsonObject target, String key) {
            if (count > 0) {
                target.addProperty(key, java.util.HexFormat.of().formatHex(digest.digest()));
            }
        }
    }

    private double bestValue() {
        int i = s.monitor.bestIndex(history);
        return i < 0 ? Double.NaN : s.monitor.valueOf(history.get(i));
    }

    private double step(SampleBatch batch, int epoch, int index, double lr, long epochStart, long samplesBefore) {
        s.trainTransform.apply(batch, Seeds.batchRng(s.seed, Seeds.TRAIN, epoch, index));
        NDArray x = image(batch, "training");
        NDArray y = mask(batch);
        ensureInitialized(x.getShape());
        NDManager stepManager = batch.getManager();
        NDArray logits;
        NDArray lossArray;
        try (GradientCollector gc = stepManager.getEngine().newGradientCollector()) {
            logits = block.forward(parameterStore, new NDList(x), true).singletonOrThrow();
            lossArray = s.loss.evaluate(new NDList(y), new NDList(logits));
            gc.backward(lossArray);
        }
        float loss = lossArray.getFloat();
        NDList grads = new NDList(weights.size());
        for (NDArray w : weights) {
            NDArray g = w.getGradient();
            g.attach(stepManager);
            grads.add(g);
        }
        if (!Float.isFinite(loss)) {
            grads.forEach(g -> g.muli(0));
            Path last = s.runDirectory == null ? null : s.runDirectory.resolve(Checkpoint.LAST);
            String kept = last == null ? "no run directory, nothing kept"
                    : history.isEmpty() ? "no checkpoint yet (the first epoch did not finish)"
                    : "the last good checkpoint is " + last + " (epoch " + (history.get(history.size() - 1).epoch() + 1) + ")";
            throw new TrainingDivergedException("loss is " + loss + " at epoch " + (epoch + 1) + ", batch " + (index + 1) + " of "
                    + train.numBatches() + "; training stopped; " + kept + EngineCheck.hint(), epoch, index);
        }
        if (s.clipNorm > 0) {
            clipGlobalNorm(grads, s.clipNorm);
        }
        optimizerState.update(weights, grads, lr, stepManager);
        // PyTorch accumulates gradients: zero them in place for the next step.
        grads.forEach(g -> g.muli(0));
        double dice = batchDice(logits, y);
        double secs = (System.nanoTime() - epochStart) / 1e9;
        BatchRecord rec = new BatchRecord(epoch, index, train.numBatches(), loss, dice, batch.size(), secs,
                samplesBefore + batch.size());
        listeners.forEach(l -> l.onBatchEnd(ctx, rec));
        return loss;
    }

    /**
     * Global L2 norm clipping in place, as torch.nn.utils.clip_grad_norm_:
     * {@code g ← g·min(1, c/(‖g‖₂ + 1e-6))} over all gradients together, without a host sync.
     * Temporaries land on the gradients' manager.
     */
    static void clipGlobalNorm(NDList grads, double maxNorm) {
        NDArray total = null;
        for (NDArray g : grads) {
            NDArray sq = g.square().sum();
            total = total == null ? sq : total.addi(sq);
        }
        if (total == null) {
            return;
        }
        NDArray factor = total.sqrt().addi(1e-6f).pow(-1).muli((float) maxNorm).minimum(1f);
        for (NDArray g : grads) {
            g.muli(factor);
        }
    }

    private double batchDice(NDArray logits, NDArray y) {
        NDArray p = Activation.sigmoid(logits).gt(s.threshold).toType(DataType.FLOAT32, false);
        NDArray inter = p.mul(y).sum();
        NDArray denom = p.sum().add(y.sum());
        float[] v = ai.djl.ndarray.NDArrays.stack(new NDList(inter, denom)).toFloatArray();
        return v[1] == 0 ? 1.0 : 2 * v[0] / v[1];
    }

    private double validate(int epoch, Map<String, Double> out) {
        for (SegmentationMetric m : s.metrics) {
            m.reset();
        }
        double lossSum = 0;
        long n = 0;
        try (NDManager epochManager = manager.newSubManager(); BatchIterator it = val.epoch(epochManager, epoch)) {
            int index = 0;
            while (it.hasNext()) {
                try (SampleBatch batch = it.next()) {
                    if (epoch == 0) {
                        valIds.add(batch.getIds());
                    }
                    s.valTransform.apply(batch, Seeds.batchRng(s.seed, Seeds.VAL, epoch, index));
                    NDArray x = image(batch, "validation");
                    NDArray y = mask(batch);
                    ensureInitialized(x.getShape());
                    NDArray logits = block.forward(parameterStore, new NDList(x), false).singletonOrThrow();
                    float loss = s.loss.evaluate(new NDList(y), new NDList(logits)).getFloat();
                    lossSum += (double) loss * batch.size();
                    n += batch.size();
                    NDArray probs = Activation.sigmoid(logits);
                    NDArray pred = probs.gt(s.threshold).toType(DataType.FLOAT32, false);
                    for (SegmentationMetric m : s.metrics) {
                        m.update(pred, y, batch.getIds());
                    }
                    final int bi = index;
                    listeners.forEach(l -> l.onValidationBatch(ctx, epoch, bi, batch, probs));
                }
                index++;
            }
        }
        for (SegmentationMetric m : s.metrics) {
            out.put(m.getName(), m.compute());
        }
        return n == 0 ? Double.NaN : lossSum / n;
    }

    private static NDArray image(SampleBatch batch, String phase) {
        NDArray x = batch.get(SampleBatch.IMAGE);
        if (x.getDataType() != DataType.FLOAT32 || x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("the " + phase + " transforms must leave a float32 N×C×H×W '"
                    + SampleBatch.IMAGE + "', got " + x.getDataType() + " " + x.getShape()
                    + " (start the pipeline with a cast to float32 and scaling to 0..1)");
        }
        return x;
    }

    private static NDArray mask(SampleBatch batch) {
        NDArray y = batch.get(SampleBatch.MASK);
        if (y.getDataType() != DataType.FLOAT32) {
            y = y.toType(DataType.FLOAT32, false);
            batch.set(SampleBatch.MASK, y);
        }
        return y;
    }

    private void ensureInitialized(Shape batchImageShape) {
        if (parameterStore != null) {
            return;
        }
        inputShape = new Shape(1, batchImageShape.get(1), batchImageShape.get(2), batchImageShape.get(3));
        if (resumeFrom != null) {
            inputShape = resumeFrom.getInputShape();
        }
        if (!block.isInitialized()) {
            Engine.getInstance().setRandomSeed(Seeds.engineSeed(s.seed, -1));
            block.initialize(manager, DataType.FLOAT32, inputShape);
            // Initialisation drew from the global generator: restart the epoch's stream so dropout
            // sees the same draws whether this epoch follows initialisation (fresh) or not (resume).
            Engine.getInstance().setRandomSeed(Seeds.engineSeed(s.seed, currentEpoch));
        }
        parameterStore = new ParameterStore(manager, false);
        weights = new NDList();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                weights.add(p.getValue().getArray());
            }
        }
        NDManager optManager = manager.newSubManager();
        if (resumeFrom != null) {
            resumeFrom.loadParametersInto(block, manager);
            // Loaded arrays replace the initialised ones and carry no gradient yet.
            weights = new NDList();
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                    weights.add(p.getValue().getArray());
                }
            }
            long step = resumeFrom.readState().get("optimizerStep").getAsLong();
            optimizerState = s.optimizer.decodeState(optManager, weights, resumeFrom.readOptimizerState(), step);
        } else {
            optimizerState = s.optimizer.newState(optManager, weights);
        }
    }

    private void writeCheckpoint(Path dir) throws IOException {
        if (parameterStore == null) {
            throw new IllegalStateException("no step has run yet: nothing to checkpoint");
        }
        ModelSpec spec = block instanceof ModelSpecProvider p ? p.getSpec() : null;
        JsonObject state = new JsonObject();
        state.addProperty("epochsCompleted", history.isEmpty() ? 0 : history.get(history.size() - 1).epoch() + 1);
        state.addProperty("optimizerStep", optimizerState.getStep());
        JsonArray h = new JsonArray();
        history.forEach(r -> h.add(recordToJson(r)));
        state.add("history", h);
        int epoch = history.isEmpty() ? -1 : history.get(history.size() - 1).epoch();
        Checkpoint.write(dir, block, spec, inputShape, epoch, s.threshold, optimizerState.encode(), state);
    }

    static JsonObject recordToJson(EpochRecord r) {
        JsonObject o = new JsonObject();
        o.addProperty("epoch", r.epoch());
        o.addProperty("trainLoss", r.trainLoss());
        o.addProperty("valLoss", r.valLoss());
        JsonObject m = new JsonObject();
        r.metrics().forEach(m::addProperty);
        o.add("metrics", m);
        o.addProperty("lr", r.learningRate());
        o.addProperty("seconds", r.seconds());
        o.addProperty("slicesPerSecond", r.slicesPerSecond());
        return o;
    }

    static EpochRecord recordFromJson(JsonObject o) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        o.getAsJsonObject("metrics").entrySet().forEach(e -> metrics.put(e.getKey(), e.getValue().getAsDouble()));
        return new EpochRecord(o.get("epoch").getAsInt(), o.get("trainLoss").getAsDouble(),
                o.get("valLoss").getAsDouble(), metrics, o.get("lr").getAsDouble(), o.get("seconds").getAsDouble(),
                o.get("slicesPerSecond").getAsDouble());
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
