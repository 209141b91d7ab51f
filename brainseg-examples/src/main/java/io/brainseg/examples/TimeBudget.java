package io.brainseg.examples;

import io.brainseg.core.train.EpochRecord;
import io.brainseg.core.train.TrainingContext;
import io.brainseg.core.train.TrainingListener;
import java.time.Duration;

/**
 * Stops training after the epoch that would otherwise let the next one run past a wall-clock
 * budget, so a run always ends with complete epochs and its best checkpoint. The estimate for the
 * next epoch is the slowest epoch so far.
 */
final class TimeBudget implements TrainingListener {

    private final long budgetNanos;
    private long start;
    private long slowestEpoch;
    private long epochStart;

    TimeBudget(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("time limit must be positive, got " + budget);
        }
        this.budgetNanos = budget.toNanos();
    }

    /** The budget in minutes as given: {@code 87}, {@code 0.5}. */
    private static String minutes(long nanos) {
        java.math.BigDecimal m = java.math.BigDecimal.valueOf(nanos)
                .divide(java.math.BigDecimal.valueOf(60_000_000_000L), 3, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return m.toPlainString();
    }

    @Override
    public void onTrainingStart(TrainingContext ctx) {
        start = System.nanoTime();
    }

    @Override
    public void onEpochStart(TrainingContext ctx, int epoch) {
        epochStart = System.nanoTime();
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        long now = System.nanoTime();
        slowestEpoch = Math.max(slowestEpoch, now - epochStart);
        if (now - start + slowestEpoch > budgetNanos) {
            // No epoch number here: the caller prints "after N epochs", and a 0-based index beside
            // that count read as an off-by-one.
            ctx.requestStop(String.format(
                    java.util.Locale.ROOT,
                    "time limit of %s min reached (the next epoch would not fit)",
                    minutes(budgetNanos)));
        }
    }
}
