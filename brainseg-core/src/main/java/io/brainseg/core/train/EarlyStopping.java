package io.brainseg.core.train;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when a monitored value has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row (Lightning's EarlyStopping). The decision is recomputed from
 * the history, so it is the same after a resume.
 */
public final class EarlyStopping implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final Monitor monitor;
    private final int patience;
    private final double minDelta;

    /**
     * Creates the listener.
     *
     * @param monitor the value to watch, or null for the trainer's monitor
     * @param patience epochs without improvement before stopping, at least 1
     * @param minDelta the least change that counts as improvement, at least 0
     * @throws IllegalArgumentException if a value is out of range
     */
    public EarlyStopping(Monitor monitor, int patience, double minDelta) {
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping patience must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping minDelta must be >= 0, got " + minDelta);
        }
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /**
     * Returns the watched value.
     *
     * @return the monitor, or null for the trainer's
     */
    public Monitor getMonitor() {
        return monitor;
    }

    /**
     * Returns the patience.
     *
     * @return epochs without improvement tolerated
     */
    public int getPatience() {
        return patience;
    }

    /**
     * Returns the least improvement.
     *
     * @return min delta
     */
    public double getMinDelta() {
        return minDelta;
    }

    /**
     * Counts the epochs since the last improvement.
     *
     * @param history the completed epochs
     * @param m the monitor
     * @return epochs at the end of the history without an improvement
     */
    int epochsWithoutImprovement(List<EpochRecord> history, Monitor m) {
        double best = Double.NaN;
        int wait = 0;
        for (EpochRecord r : history) {
            if (m.improves(m.valueOf(r), best, minDelta)) {
                best = m.valueOf(r);
                wait = 0;
            } else {
                wait++;
            }
        }
        return wait;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        Monitor m = monitor != null ? monitor : ctx.getMonitor();
        int wait = epochsWithoutImprovement(ctx.getHistory(), m);
        if (wait >= patience) {
            String reason = "early stopping: " + m.getName() + " did not improve for " + wait + " epochs (patience "
                    + patience + ")";
            LOG.info(reason);
            ctx.requestStop(reason);
        }
    }
}
