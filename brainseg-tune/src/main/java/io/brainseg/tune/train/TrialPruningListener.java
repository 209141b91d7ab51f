package io.brainseg.tune.train;

import io.brainseg.core.train.EpochRecord;
import io.brainseg.core.train.Monitor;
import io.brainseg.core.train.TrainingContext;
import io.brainseg.core.train.TrainingListener;
import io.brainseg.tune.Trial;

/**
 * Reports every epoch's monitored value (by default the trainer's monitor, e.g. validation Dice) to
 * the trial as the intermediate value of step {@code epoch}, and asks the trainer to stop when the
 * trial's pruner says so (Optuna's {@code PyTorchLightningPruningCallback}). After training, check
 * {@link #isPruned()} and throw {@link io.brainseg.tune.TrialPrunedException}: the run stops
 * normally, so its directory keeps the checkpoints of the epochs it did.
 */
public final class TrialPruningListener implements TrainingListener {

    /** The stop reason a pruned run ends with (prefix). */
    public static final String STOP_REASON = "pruned by the study";

    private final Trial trial;
    private final Monitor monitor;
    private String pruneMessage;

    /**
     * Creates the listener.
     *
     * @param trial the trial to report to
     * @param monitor the value to report, or null for the trainer's monitor
     */
    public TrialPruningListener(Trial trial, Monitor monitor) {
        this.trial = trial;
        this.monitor = monitor;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        Monitor m = monitor != null ? monitor : ctx.getMonitor();
        double value = m.valueOf(record);
        trial.report(record.getEpoch(), value);
        if (pruneMessage == null && trial.shouldPrune()) {
            pruneMessage =
                    STOP_REASON + " at epoch " + (record.getEpoch() + 1) + " (" + m.getName() + " " + value + ")";
            ctx.requestStop(pruneMessage);
        }
    }

    /**
     * Tells whether the pruner stopped the run.
     *
     * @return true if pruned
     */
    public boolean isPruned() {
        return pruneMessage != null;
    }

    /**
     * Returns why the run was pruned.
     *
     * @return the message, or null if not pruned
     */
    public String getPruneMessage() {
        return pruneMessage;
    }
}
