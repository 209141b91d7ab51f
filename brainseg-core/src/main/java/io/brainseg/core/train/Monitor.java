package io.brainseg.core.train;

import java.util.List;
import java.util.Objects;

/**
 * A monitored value of an epoch and its direction: {@code "val_loss"}, {@code "train_loss"}, or
 * the name of a validation metric (for example {@code "dice"}). Used to keep the best checkpoint,
 * for early stopping and for reduce-on-plateau.
 *
 * @param name the value's name
 * @param higherIsBetter true for Dice-like values, false for losses and distances
 */
public record Monitor(String name, boolean higherIsBetter) {

    /** Name of the mean training loss. */
    public static final String TRAIN_LOSS = "train_loss";
    /** Name of the mean validation loss. */
    public static final String VAL_LOSS = "val_loss";

    /**
     * Validates the name.
     *
     * @param name the value's name
     * @param higherIsBetter true for Dice-like values, false for losses and distances
     * @throws IllegalArgumentException if the name is blank
     */
    public Monitor {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("monitor name must not be blank");
        }
    }

    /**
     * Monitors a value where larger is better.
     *
     * @param name the value's name
     * @return the monitor
     */
    public static Monitor max(String name) {
        return new Monitor(name, true);
    }

    /**
     * Monitors a value where smaller is better.
     *
     * @param name the value's name
     * @return the monitor
     */
    public static Monitor min(String name) {
        return new Monitor(name, false);
    }

    /**
     * Reads the monitored value from an epoch record.
     *
     * @param record the epoch
     * @return the value (NaN when the epoch lacks it, e.g. no validation data)
     */
    public double valueOf(EpochRecord record) {
        return record.value(name);
    }

    /**
     * Tells whether {@code candidate} improves on {@code best} by more than {@code minDelta}. A
     * NaN candidate never improves; anything improves on a NaN best.
     *
     * @param candidate the new value
     * @param best the best so far (NaN if none)
     * @param minDelta the least improvement that counts, at least 0
     * @return true if improved
     */
    public boolean improves(double candidate, double best, double minDelta) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return higherIsBetter ? candidate > best + minDelta : candidate < best - minDelta;
    }

    /**
     * Returns the index in {@code history} of the best epoch (the first one on ties), or -1.
     *
     * @param history completed epochs in order
     * @return the index of the best record, or -1 if no record has a value
     */
    public int bestIndex(List<EpochRecord> history) {
        int best = -1;
        double bestValue = Double.NaN;
        for (int i = 0; i < history.size(); i++) {
            double v = valueOf(history.get(i));
            if (improves(v, bestValue, 0)) {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return name + (higherIsBetter ? " (max)" : " (min)");
    }
}
