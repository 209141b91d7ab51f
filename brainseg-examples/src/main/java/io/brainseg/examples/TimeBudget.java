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
            ctx.requestStop(String.format("time limit of %d min reached (the next epoch would not fit)",
                    Duration.ofNanos(budgetNanos).toMinutes()));
        }
    }
}
