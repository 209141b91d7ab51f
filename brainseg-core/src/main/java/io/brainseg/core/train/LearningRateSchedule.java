package io.brainseg.core.train;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The learning rate of each epoch. A schedule is a pure function of the epoch number and the
 * history of completed epochs, so a resumed run recomputes exactly the rate an uninterrupted run
 * would have used; it keeps no hidden state.
 *
 * <p>Built-ins (epoch {@code e} is 0-based, {@code lr0} the base rate):
 * <ul>
 *   <li>{@link #constant}: {@code lr0};</li>
 *   <li>{@link #cosine}: {@code min + (lr0 − min)·(1 + cos(π·e/E))/2} over {@code E} epochs
 *       (PyTorch's CosineAnnealingLR without restarts), {@code min} after;</li>
 *   <li>{@link #step}: {@code lr0·γ^⌊e/s⌋};</li>
 *   <li>{@link #reduceOnPlateau}: starts at {@code lr0}; after {@code patience + 1} epochs in a row
 *       without improvement of the monitored value the rate is multiplied by {@code factor} (not
 *       below {@code min}) and the count restarts (PyTorch's ReduceLROnPlateau, threshold 0,
 *       cooldown 0);</li>
 *   <li>{@link #warmup}: {@code r0·(e + 1)/(W + 1)} for the first {@code W} epochs, where
 *       {@code r0} is the wrapped schedule's first rate, then the wrapped schedule counted from
 *       {@code e − W} (MONAI's {@code WarmupCosineSchedule} with a cosine inside, at epoch rather
 *       than step granularity).</li>
 * </ul>
 */
public interface LearningRateSchedule {

    /**
     * Returns the learning rate of {@code epoch}.
     *
     * @param epoch the epoch about to run, 0-based
     * @param history the completed epochs {@code 0..epoch-1}
     * @param monitor the trainer's monitored value (used by reduce-on-plateau)
     * @return the learning rate, positive
     */
    double learningRate(int epoch, List<EpochRecord> history, Monitor monitor);

    /**
     * Describes the schedule for {@code config.json}; {@link #fromJson} reads it back.
     *
     * @return a JSON object with a {@code "type"} field and the parameters
     */
    JsonObject toJson();

    /**
     * A constant rate.
     *
     * @param lr the rate, positive
     * @return the schedule
     * @throws IllegalArgumentException if {@code lr} is not positive
     */
    static LearningRateSchedule constant(double lr) {
        return new Schedules.Constant(Schedules.positive("lr", lr));
    }

    /**
     * Cosine annealing from {@code lr} to {@code minLr} over {@code epochs} epochs.
     *
     * @param lr the initial rate, positive
     * @param minLr the final rate, 0 &le; minLr &le; lr
     * @param epochs the annealing length, at least 1
     * @return the schedule
     * @throws IllegalArgumentException if a value is out of range
     */
    static LearningRateSchedule cosine(double lr, double minLr, int epochs) {
        Schedules.positive("lr", lr);
        if (!(minLr >= 0 && minLr <= lr)) {
            throw new IllegalArgumentException("minLr must be in [0, lr=" + lr + "], got " + minLr);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        return new Schedules.Cosine(lr, minLr, epochs);
    }

    /**
     * Step decay: multiply by {@code gamma} every {@code stepSize} epochs.
     *
     * @param lr the initial rate, positive
     * @param stepSize epochs per step, at least 1
     * @param gamma the factor, in (0, 1]
     * @return the schedule
     * @throws IllegalArgumentException if a value is out of range
     */
    static LearningRateSchedule step(double lr, int stepSize, double gamma) {
        Schedules.positive("lr", lr);
        if (stepSize < 1) {
            throw new IllegalArgumentException("stepSize must be >= 1, got " + stepSize);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        }
        return new Schedules.Step(lr, stepSize, gamma);
    }

    /**
     * Reduce on plateau of the trainer's monitored value.
     *
     * @param lr the initial rate, positive
     * @param factor the reduction factor, in (0, 1)
     * @param patience epochs without improvement tolerated before reducing, at least 0
     * @param minLr the floor, 0 &le; minLr &le; lr
     * @return the schedule
     * @throws IllegalArgumentException if a value is out of range
     */
    static LearningRateSchedule reduceOnPlateau(double lr, double factor, int patience, double minLr) {
        Schedules.positive("lr", lr);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        if (!(minLr >= 0 && minLr <= lr)) {
            throw new IllegalArgumentException("minLr must be in [0, lr=" + lr + "], got " + minLr);
        }
        return new Schedules.Plateau(lr, factor, patience, minLr);
    }

    /**
     * A linear warm-up in front of another schedule. Adam-type optimisers take steps of about the
     * learning rate from the first batch on, before their moment estimates settle, and a wide
     * network started at a high rate can settle on predicting background everywhere, while a low
     * rate throughout may learn too slowly for the budget. Ramping up over a few epochs keeps the
     * early steps small and the later ones large.
     *
     * <p>Epoch {@code e < epochs} runs at {@code then(0)·(e + 1)/(epochs + 1)}, so the first epoch
     * is never at rate 0 and the ramp reaches the wrapped schedule's first rate at epoch
     * {@code epochs}. From there the wrapped schedule runs as if it had started then: its epoch is
     * {@code e − epochs} and its history the epochs after the warm-up. A cosine over the remaining
     * {@code E − epochs} epochs therefore reaches its minimum at epoch {@code E}, as a cosine over
     * {@code E} without the warm-up does.
     *
     * @param epochs warm-up epochs, at least 1
     * @param then the schedule after the warm-up
     * @return the schedule
     * @throws IllegalArgumentException if {@code epochs} is below 1
     * @throws NullPointerException if {@code then} is null
     */
    static LearningRateSchedule warmup(int epochs, LearningRateSchedule then) {
        if (epochs < 1) {
            throw new IllegalArgumentException("warm-up epochs must be >= 1, got " + epochs);
        }
        return new Schedules.Warmup(epochs, Objects.requireNonNull(then, "then"));
    }

    /**
     * Reads a schedule written by {@link #toJson()}.
     *
     * @param json the description
     * @return the schedule
     * @throws IllegalArgumentException if the type is unknown
     */
    static LearningRateSchedule fromJson(JsonObject json) {
        return Schedules.fromJson(json);
    }
}
