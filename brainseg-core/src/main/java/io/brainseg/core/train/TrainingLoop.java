package io.brainseg.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.BatchSource;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.metric.SegmentationMetric;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.model.ModelSpecProvider;
import io.brainseg.core.task.SegmentationTask;
import io.brainseg.core.train.optim.OptimizerState;
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

    private final TrainingConfig c;
    private final SegmentationTask task;
    private final NDManager manager;
    private final NDManager modelManager;
    private final BatchSource train;
    private final BatchSource val;
    private final Block block;
    private final List<EpochRecord> history = new ArrayList<>();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final TrainingContext ctx;
    private ParameterStore parameterStore;
    private NDList weights;
    private OptimizerState optimizerState;
    private Shape inputShape;
    private Checkpoint resumeFrom;
    private int currentEpoch;
    private JsonObject config;
    private final IdDigest trainIds = new IdDigest();
    private final IdDigest valIds = new IdDigest();

    TrainingLoop(TrainingConfig c, NDManager manager, NDManager modelManager, BatchSource train, BatchSource val) {
        this.c = c;
        this.task = c.getTask();
        this.manager = manager;
        this.modelManager = modelManager;
        this.train = train;
        this.val = val;
        this.block = c.getModel();
        this.ctx = new TrainingContext(c, train.getNumBatches(), history, this::writeCheckpoint, this::writeWeights);
        listeners.addAll(c.getListeners());
        if (c.getEarlyStopping() != null) {
            listeners.add(c.getEarlyStopping());
        }
    }

    TrainingResult run() {
        RunDirectory.Lock lock = null;
        Throwable failure = null;
        try {
            if (val == null && !Monitor.TRAIN_LOSS.equals(c.getMonitor().getName())) {
                throw new IllegalArgumentException("without validation data the monitor must be '" + Monitor.TRAIN_LOSS
                        + "', got '" + c.getMonitor().getName() + "'");
            }
            EngineCheck.probe(c.getDevice());
            if (c.getRunDirectory() != null) {
                lock = RunDirectory.lock(c.getRunDirectory());
            }
            int startEpoch = prepareRunDirectory();
            listeners.forEach(l -> l.onTrainingStart(ctx));
            for (int epoch = startEpoch; epoch < c.getEpochs() && ctx.getStopReason() == null; epoch++) {
                runEpoch(epoch);
            }
            Monitor monitor = c.getMonitor();
            int best = monitor.bestIndex(history);
            TrainingResult result = new TrainingResult(
                    monitor,
                    best < 0 ? -1 : history.get(best).getEpoch(),
                    best < 0 ? Double.NaN : monitor.valueOf(history.get(best)),
                    history,
                    ctx.getStopReason() == null ? "completed" : ctx.getStopReason(),
                    c.getRunDirectory());
            LOG.info(
                    "training ended ({}): best {} = {} at epoch {}",
                    result.getStopReason(),
                    monitor.getName(),
                    result.getBestValue(),
                    result.getBestEpoch() + 1);
            listeners.forEach(l -> l.onTrainingEnd(ctx, result));
            return result;
        } catch (Throwable t) {
            failure = t;
            for (TrainingListener l : listeners) {
                try {
                    l.onException(ctx, t);
                } catch (Throwable hookError) {
                    t.addSuppressed(hookError);
                }
            }
            throw t;
        } finally {
            for (TrainingListener l : listeners) {
                try {
                    l.close();
                } catch (Throwable closeError) {
                    if (failure != null) {
                        failure.addSuppressed(closeError);
                    } else {
                        LOG.warn("listener {} failed to close", l, closeError);
                    }
                }
            }
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** Creates or checks the run directory (the lock is held); returns the first epoch to run. */
    private int prepareRunDirectory() {
        Path dir = c.getRunDirectory();
        if (dir == null) {
            return 0;
        }
        try {
            Path last = AtomicFiles.resolveDirectory(dir.resolve(Checkpoint.LAST));
            if (c.isResume()) {
                List<String> content = RunDirectory.findRunContent(dir);
                content.remove(RunConfig.FILE);
                if (Files.isDirectory(last) || !content.isEmpty()) {
                    return prepareResume(dir, last, content);
                }
                // Nothing to resume (a run that stopped before its first checkpoint): start afresh.
            } else {
                RunDirectory.checkNew(dir);
            }
            config = RunConfig.create(c, train, val);
            AtomicFiles.writeString(dir.resolve(RunConfig.FILE), Checkpoint.GSON.toJson(config));
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run directory " + dir, e);
        }
    }

    private int prepareResume(Path dir, Path last, List<String> content) {
        if (!Files.isDirectory(last)) {
            throw new CheckpointException(
                    dir.resolve(Checkpoint.LAST),
                    "missing: the run holds " + content + " but no last checkpoint to resume from");
        }
        resumeFrom = Checkpoint.read(last);
        Path configFile = dir.resolve(RunConfig.FILE);
        JsonObject saved = Checkpoint.readJson(configFile, "the run's configuration");
        RunConfig.checkSameComponents(saved, RunConfig.create(c, train, val), configFile);
        JsonObject state = resumeFrom.readState();
        try {
            for (var e : state.getAsJsonArray("history")) {
                history.add(recordFromJson(e.getAsJsonObject()));
            }
            int start = state.get("epochsCompleted").getAsInt();
            LOG.info("resuming {} after epoch {} (counted from 1)", dir, start);
            return start;
        } catch (RuntimeException e) {
            throw new CheckpointException(last.resolve(Checkpoint.STATE), "malformed training state: " + e, e);
        }
    }

    private void runEpoch(int epoch) {
        currentEpoch = epoch;
        long start = System.nanoTime();
        double lr = c.getSchedule().learningRate(epoch, history, c.getMonitor());
        // The engine seed is global: reseed per epoch so dropout does not depend on earlier epochs.
        Engine.getInstance().setRandomSeed(Seeds.engineSeed(c.getSeed(), epoch));
        listeners.forEach(l -> l.onEpochStart(ctx, epoch));
        double lossSum = 0;
        long samples = 0;
        try (NDManager epochManager = manager.newSubManager();
                BatchIterator it = train.epoch(epochManager, epoch)) {
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
        EpochRecord record = new EpochRecord(
                epoch,
                samples == 0 ? Double.NaN : lossSum / samples,
                valLoss,
                metricValues,
                lr,
                seconds,
                trainSeconds > 0 ? samples / trainSeconds : 0);
        double previousBest = bestValue();
        history.add(record);
        if (epoch == 0) {
            recordDataFingerprint();
        }
        LOG.info(
                "epoch {}/{}: train_loss {} val_loss {} {} lr {} {} s {} slices/s",
                epoch + 1,
                c.getEpochs(),
                fmt(record.getTrainLoss()),
                fmt(valLoss),
                metricValues,
                record.getLearningRate(),
                fmt(seconds),
                fmt(record.getSlicesPerSecond()));
        listeners.forEach(l -> l.onEpochEnd(ctx, record));
        if (c.getMonitor().improves(c.getMonitor().valueOf(record), previousBest, 0)) {
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
            AtomicFiles.writeString(c.getRunDirectory().resolve(RunConfig.FILE), Checkpoint.GSON.toJson(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + c.getRunDirectory().resolve(RunConfig.FILE), e);
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
        int i = c.getMonitor().bestIndex(history);
        return i < 0 ? Double.NaN : c.getMonitor().valueOf(history.get(i));
    }

    private double step(SampleBatch batch, int epoch, int index, double lr, long epochStart, long samplesBefore) {
        c.getTrainTransform().apply(batch, Seeds.batchRng(c.getSeed(), Seeds.TRAIN, epoch, index));
        NDArray x = task.input(batch, "training");
        NDArray y = task.target(batch);
        ensureInitialized(x.getShape());
        NDManager stepManager = batch.getManager();
        NDArray logits;
        NDArray lossArray;
        try (GradientCollector gc = stepManager.getEngine().newGradientCollector()) {
            logits = block.forward(parameterStore, new NDList(x), true).singletonOrThrow();
            lossArray = task.computeLoss(c.getLoss(), y, logits);
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
            Path last = c.getRunDirectory() == null ? null : c.getRunDirectory().resolve(Checkpoint.LAST);
            String kept = last == null
                    ? "no run directory, nothing kept"
                    : history.isEmpty()
                            ? "no checkpoint yet (the first epoch did not finish)"
                            : "the last good checkpoint is " + last + " (epoch "
                                    + (history.get(history.size() - 1).getEpoch() + 1) + ")";
            throw new TrainingDivergedException(
                    "loss is " + loss + " at epoch " + (epoch + 1) + ", batch " + (index + 1) + " of "
                            + train.getNumBatches() + "; training stopped; " + kept + EngineCheck.hint(c.getDevice()),
                    epoch,
                    index);
        }
        if (c.getGradientClipNorm() > 0) {
            clipGlobalNorm(grads, c.getGradientClipNorm());
        }
        optimizerState.update(weights, grads, lr, stepManager);
        // PyTorch accumulates gradients: zero them in place for the next step.
        grads.forEach(g -> g.muli(0));
        double score = task.batchScore(logits, y);
        double secs = (System.nanoTime() - epochStart) / 1e9;
        BatchRecord rec = new BatchRecord(
                epoch, index, train.getNumBatches(), loss, score, batch.size(), secs, samplesBefore + batch.size());
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

    private double validate(int epoch, Map<String, Double> out) {
        for (SegmentationMetric m : c.getMetrics()) {
            m.reset();
        }
        double lossSum = 0;
        long n = 0;
        try (NDManager epochManager = manager.newSubManager();
                BatchIterator it = val.epoch(epochManager, epoch)) {
            int index = 0;
            while (it.hasNext()) {
                try (SampleBatch batch = it.next()) {
                    if (epoch == 0) {
                        valIds.add(batch.getIds());
                    }
                    c.getValTransform().apply(batch, Seeds.batchRng(c.getSeed(), Seeds.VAL, epoch, index));
                    NDArray x = task.input(batch, "validation");
                    NDArray y = task.target(batch);
                    ensureInitialized(x.getShape());
                    NDArray logits =
                            block.forward(parameterStore, new NDList(x), false).singletonOrThrow();
                    float loss = task.computeLoss(c.getLoss(), y, logits).getFloat();
                    lossSum += (double) loss * batch.size();
                    n += batch.size();
                    NDArray probs = task.toProbabilities(logits);
                    NDArray pred = task.toPrediction(probs);
                    for (SegmentationMetric m : c.getMetrics()) {
                        m.update(pred, y, batch.getIds());
                    }
                    final int bi = index;
                    listeners.forEach(l -> l.onValidationBatch(ctx, epoch, bi, batch, probs));
                }
                index++;
            }
        }
        for (SegmentationMetric m : c.getMetrics()) {
            out.put(m.getName(), m.compute());
        }
        return n == 0 ? Double.NaN : lossSum / n;
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
            Engine.getInstance().setRandomSeed(Seeds.engineSeed(c.getSeed(), -1));
            block.initialize(modelManager, DataType.FLOAT32, inputShape);
            // Initialisation drew from the global generator: restart the epoch's stream so dropout
            // sees the same draws whether this epoch follows initialisation (fresh) or not (resume).
            Engine.getInstance().setRandomSeed(Seeds.engineSeed(c.getSeed(), currentEpoch));
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
            resumeFrom.loadParametersInto(block, modelManager);
            // Loaded arrays replace the initialised ones and carry no gradient yet.
            weights = new NDList();
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                    weights.add(p.getValue().getArray());
                }
            }
            long step = resumeFrom.readState().get("optimizerStep").getAsLong();
            Path file = resumeFrom.getDirectory().resolve(Checkpoint.OPTIMIZER);
            try {
                optimizerState =
                        c.getOptimizer().decodeState(optManager, weights, resumeFrom.readOptimizerState(), step);
            } catch (IllegalArgumentException e) {
                throw e instanceof CheckpointException ? e : new CheckpointException(file, e.getMessage(), e);
            }
        } else {
            optimizerState = c.getOptimizer().newState(optManager, weights);
        }
    }

    private void writeCheckpoint(Path dir) throws IOException {
        if (parameterStore == null) {
            throw new IllegalStateException("no step has run yet: nothing to checkpoint");
        }
        ModelSpec spec = block instanceof ModelSpecProvider p ? p.getSpec() : null;
        JsonObject state = new JsonObject();
        state.addProperty(
                "epochsCompleted",
                history.isEmpty() ? 0 : history.get(history.size() - 1).getEpoch() + 1);
        state.addProperty("optimizerStep", optimizerState.getStep());
        JsonArray h = new JsonArray();
        history.forEach(r -> h.add(recordToJson(r)));
        state.add("history", h);
        int epoch = history.isEmpty() ? -1 : history.get(history.size() - 1).getEpoch();
        Checkpoint.write(dir, block, spec, inputShape, epoch, task, optimizerState.encode(), state);
    }

    private void writeWeights(Path dir, JsonObject state) throws IOException {
        if (parameterStore == null) {
            throw new IllegalStateException("no step has run yet: nothing to write to " + dir);
        }
        ModelSpec spec = block instanceof ModelSpecProvider p ? p.getSpec() : null;
        int epoch = history.isEmpty() ? -1 : history.get(history.size() - 1).getEpoch();
        Checkpoint.write(dir, block, spec, inputShape, epoch, task, null, state);
    }

    static JsonObject recordToJson(EpochRecord r) {
        JsonObject o = new JsonObject();
        o.addProperty("epoch", r.getEpoch());
        o.addProperty("trainLoss", r.getTrainLoss());
        o.addProperty("valLoss", r.getValLoss());
        JsonObject m = new JsonObject();
        r.getMetrics().forEach(m::addProperty);
        o.add("metrics", m);
        o.addProperty("lr", r.getLearningRate());
        o.addProperty("seconds", r.getSeconds());
        o.addProperty("slicesPerSecond", r.getSlicesPerSecond());
        return o;
    }

    static EpochRecord recordFromJson(JsonObject o) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        o.getAsJsonObject("metrics")
                .entrySet()
                .forEach(e -> metrics.put(e.getKey(), e.getValue().getAsDouble()));
        return new EpochRecord(
                o.get("epoch").getAsInt(),
                o.get("trainLoss").getAsDouble(),
                o.get("valLoss").getAsDouble(),
                metrics,
                o.get("lr").getAsDouble(),
                o.get("seconds").getAsDouble(),
                o.get("slicesPerSecond").getAsDouble());
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
