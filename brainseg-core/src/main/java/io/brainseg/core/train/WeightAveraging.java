package io.brainseg.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an average of the weights seen during training and writes it as a weights-only checkpoint
 * next to {@code best/} and {@code last/} (PyTorch's {@code torch.optim.swa_utils.AveragedModel},
 * Lightning's {@code WeightAveraging} callbacks). Two averages:
 *
 * <ul>
 *   <li><b>EMA</b>, an exponential moving average updated after every training step from epoch
 *       {@code startEpoch} on: {@code avg ← avg + (1 − decay)·(w − avg)}, the first update copying
 *       {@code w}. With {@code decay = 1 − 1/T} it averages roughly the last {@code T} steps.
 *   <li><b>SWA</b>, stochastic weight averaging: the plain mean of the weights at the end of every
 *       epoch from {@code startEpoch} on, {@code avg ← avg + (w − avg)/(n + 1)}. The learning rate
 *       is the run's own schedule; this listener does not change it (Lightning's SWA callback does).
 * </ul>
 *
 * <p>Why: the weights at the end of an epoch are one noisy point of the optimizer's path; the
 * validation score of single epochs wanders by a few hundredths here. An average of nearby points
 * sits closer to the middle of the basin and is chosen without looking at the validation set,
 * whereas {@code best/} is chosen by it. The networks of this library normalise with InstanceNorm,
 * which has no running statistics, so an average needs no re-estimation pass (a BatchNorm network
 * would).
 *
 * <p><b>Output.</b> After every epoch that has an average, the average is written atomically to
 * {@code RUN/ema/} or {@code RUN/swa/}: parameters, spec and a
 * {@code state.json} with the mode, decay, start epoch and number of updates. Evaluate or serve it
 * like any checkpoint directory ({@code brainseg evaluate --run RUN/ema}). The trained weights are
 * put back before the next step, so training is the same with or without this listener. Without a
 * run directory the listener does nothing.
 *
 * <p><b>Resume.</b> A resumed run reads the average back from {@code RUN/ema/} when it was
 * written after the epoch the run resumes from, and then ends with the same average as an
 * uninterrupted run. If it was not (the process died between writing {@code last/} and the
 * average), the average restarts from the resumed weights; a warning says so and
 * {@code state.json} records the restart epoch.
 *
 * <p>Memory: one copy of the parameters on the model's device, owned by this listener and freed by
 * {@link #close()}.
 */
public final class WeightAveraging implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(WeightAveraging.class);

    /** The kind of average. */
    public enum Mode {
        /** Exponential moving average, updated after every training step. */
        EMA,
        /** Equal-weight mean of the end-of-epoch weights. */
        SWA
    }

    private final Mode mode;
    private final double decay;
    private final int startEpoch;
    private final String name;

    private NDManager manager;
    private NDList average;
    private long updates;
    private int restartedAt = -1;

    private WeightAveraging(Builder b) {
        this.mode = b.mode;
        this.decay = b.decay;
        this.startEpoch = b.startEpoch;
        this.name = mode.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the kind of average.
     *
     * @return the mode
     */
    public Mode getMode() {
        return mode;
    }

    /**
     * Returns the checkpoint directory name inside the run directory.
     *
     * @return {@code ema} or {@code swa}
     */
    public String getName() {
        return name;
    }

    /**
     * Returns how many updates the current average holds.
     *
     * @return steps (EMA) or epochs (SWA) averaged so far
     */
    public long getUpdates() {
        return updates;
    }

    @Override
    public void onTrainingStart(TrainingContext ctx) {
        if (ctx.getRunDirectory() == null) {
            return;
        }
        int done = ctx.getHistory().size();
        if (done == 0) {
            return;
        }
        Path dir = ctx.getRunDirectory().resolve(name);
        JsonObject state = null;
        if (Files.isRegularFile(dir.resolve(Checkpoint.META))) {
            Checkpoint saved = Checkpoint.read(dir);
            state = saved.readState();
            if (state.get("epochsCompleted").getAsInt() == done && sameSettings(state)) {
                // Read now, before the first epoch reseeds the engine: building the block to load
                // into draws initial weights from the engine's global generator, which mid-epoch
                // would change the dropout masks of the rest of the epoch.
                manager = NDManager.newBaseManager(ctx.getConfig().getDevice());
                average = loadSaved(saved, ctx.getModel().getParameters().size());
                updates = state.get("updates").getAsLong();
                restartedAt = state.has("restartedAtEpoch")
                        ? state.get("restartedAtEpoch").getAsInt()
                        : -1;
                return;
            }
        }
        if (done > startEpoch) {
            restartedAt = done;
            LOG.warn(
                    "{}: no average saved after epoch {} ({}); the {} average restarts from the resumed weights",
                    dir,
                    done,
                    state == null ? "none found" : "found " + state,
                    mode);
        }
    }

    private boolean sameSettings(JsonObject state) {
        return mode.name().equals(state.get("mode").getAsString())
                && state.get("startEpoch").getAsInt() == startEpoch
                && (mode == Mode.SWA || state.get("decay").getAsDouble() == decay);
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, BatchRecord batch) {
        if (mode == Mode.EMA && ctx.getRunDirectory() != null && batch.getEpoch() >= startEpoch) {
            update(ctx.getModel(), 1 - decay);
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        if (ctx.getRunDirectory() == null) {
            return;
        }
        if (mode == Mode.SWA && record.getEpoch() >= startEpoch) {
            update(ctx.getModel(), 1.0 / (updates + 1));
        }
        if (average != null) {
            write(ctx);
        }
    }

    /** {@code avg ← avg + weight·(w − avg)}; the first update copies {@code w}. */
    private void update(Block model, double weight) {
        NDList weights = parameters(model);
        if (manager == null) {
            NDArray first = weights.get(0);
            manager = first.getManager().getEngine().newBaseManager(first.getDevice());
        }
        if (updates == 0) {
            average = owned(weights);
        } else {
            try (NDManager scratch = manager.newSubManager()) {
                for (int i = 0; i < average.size(); i++) {
                    NDArray avg = average.get(i);
                    NDArray step = weights.get(i).sub(avg);
                    step.attach(scratch);
                    avg.addi(step.muli(weight));
                }
            }
        }
        updates++;
    }

    /** Engine-owned copies of {@code arrays} on this listener's manager. */
    private NDList owned(NDList arrays) {
        NDList out = new NDList(arrays.size());
        for (NDArray a : arrays) {
            NDArray copy = a.duplicate();
            copy.attach(manager);
            out.add(copy);
        }
        return out;
    }

    /** The average a resumed run saved, in the model's parameter order. */
    private NDList loadSaved(Checkpoint checkpoint, int count) {
        try (NDManager scratch = manager.newSubManager()) {
            NDList saved = parameters(checkpoint.loadBlock(scratch));
            if (saved.size() != count) {
                throw new CheckpointException(
                        checkpoint.getDirectory(), "holds " + saved.size() + " parameters, the model " + count);
            }
            return owned(saved);
        }
    }

    /**
     * Overwrites {@code dst} with {@code src} in place with engine arithmetic. Not
     * {@code src.copyTo(dst)}: on the PyTorch engine that goes through a Java direct buffer which the
     * parameter's tensor may then alias (docs/engine-defects.md, section 3). {@code x − x} is +0 for
     * every finite {@code x}, and {@code +0 + s = s} exactly, except that a weight of −0.0 comes
     * back as +0.0 (equal in value).
     */
    private static void assign(NDArray dst, NDArray src) {
        dst.subi(dst).addi(src);
    }

    private static NDList parameters(Block model) {
        NDList arrays = new NDList();
        model.getParameters().forEach(p -> arrays.add(p.getValue().getArray()));
        return arrays;
    }

    /**
     * Writes the average: swaps it into the model, writes a weights-only checkpoint, swaps the
     * trained weights back (value for value, so training goes on exactly as without this listener).
     */
    private void write(TrainingContext ctx) {
        Path dir = ctx.getRunDirectory().resolve(name);
        NDList weights = parameters(ctx.getModel());
        JsonObject state = new JsonObject();
        state.addProperty("mode", mode.name());
        if (mode == Mode.EMA) {
            state.addProperty("decay", decay);
        }
        state.addProperty("startEpoch", startEpoch);
        state.addProperty("updates", updates);
        state.addProperty("epochsCompleted", ctx.getHistory().size());
        if (restartedAt >= 0) {
            state.addProperty("restartedAtEpoch", restartedAt);
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDList trained = new NDList();
            for (int i = 0; i < average.size(); i++) {
                NDArray w = weights.get(i);
                NDArray copy = w.duplicate();
                copy.attach(scratch);
                trained.add(copy);
                assign(w, average.get(i));
            }
            try {
                ctx.writeWeights(dir, state);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the " + mode + " average to " + dir, e);
            } finally {
                for (int i = 0; i < trained.size(); i++) {
                    assign(weights.get(i), trained.get(i));
                }
            }
        }
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
            manager = null;
            average = null;
        }
    }

    @Override
    public String toString() {
        return "WeightAveraging{" + mode + (mode == Mode.EMA ? ", decay=" + decay : "") + ", startEpoch=" + startEpoch
                + "}";
    }

    /** Options of a {@link WeightAveraging}. */
    public static final class Builder {

        private Mode mode;
        private double decay = Double.NaN;
        private int startEpoch;

        private Builder() {}

        /**
         * Averages with an exponential moving average of decay {@code decay} (required: this or
         * {@link #setSwa()}).
         *
         * @param decay in (0, 1), typically 0.99–0.9999
         * @return this builder
         */
        public Builder setEma(double decay) {
            this.mode = Mode.EMA;
            this.decay = decay;
            return this;
        }

        /**
         * Averages the end-of-epoch weights with equal weights (required: this or {@link #setEma}).
         *
         * @return this builder
         */
        public Builder setSwa() {
            this.mode = Mode.SWA;
            return this;
        }

        /**
         * Sets the first epoch that is averaged, 0-based (default 0). SWA usually starts once the
         * loss has levelled off, around three quarters of the run.
         *
         * @param epoch the first averaged epoch
         * @return this builder
         */
        public Builder optStartEpoch(int epoch) {
            this.startEpoch = epoch;
            return this;
        }

        /**
         * Makes the listener.
         *
         * @return the listener
         * @throws IllegalArgumentException naming the setting if no mode is set, the decay is not in
         *     (0, 1) or the start epoch is negative
         */
        public WeightAveraging build() {
            if (mode == null) {
                throw new IllegalArgumentException("WeightAveraging: set an average (setEma or setSwa)");
            }
            if (mode == Mode.EMA && !(decay > 0 && decay < 1)) {
                throw new IllegalArgumentException(
                        "WeightAveraging: invalid decay = " + decay + " (must be in (0, 1))");
            }
            if (startEpoch < 0) {
                throw new IllegalArgumentException(
                        "WeightAveraging: invalid startEpoch = " + startEpoch + " (must be >= 0)");
            }
            return new WeightAveraging(this);
        }
    }
}
