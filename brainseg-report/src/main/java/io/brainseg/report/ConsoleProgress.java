package io.brainseg.report;

import io.brainseg.core.train.BatchRecord;
import io.brainseg.core.train.EpochRecord;
import io.brainseg.core.train.TrainingContext;
import io.brainseg.core.train.TrainingListener;
import io.brainseg.core.train.TrainingResult;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The console progress bar of each epoch (me.tongfei:progressbar, on standard error): batches done,
 * running mean loss, the task's batch score (Dice for the binary task) and slices per second. Its bar
 * runs a refresh thread: {@link #close()} (called by the trainer however {@code fit} ends) stops it.
 */
public final class ConsoleProgress implements TrainingListener {

    private ProgressBar bar;
    private double lossSum;
    private long samples;

    @Override
    public void onEpochStart(TrainingContext ctx, int epoch) {
        closeBar();
        lossSum = 0;
        samples = 0;
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, ctx.getEpochs()))
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .setInitialMax(ctx.getTrainBatches())
                .build();
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, BatchRecord b) {
        if (bar == null) {
            return;
        }
        lossSum += b.getLoss() * b.getSamples();
        samples += b.getSamples();
        bar.stepTo(b.getBatch() + 1L);
        bar.setExtraMessage(String.format(
                Locale.ROOT,
                "loss %.4f score %.3f %.1f slices/s",
                lossSum / samples,
                b.getScore(),
                b.getSlicesPerSecond()));
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord r) {
        if (bar != null) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", r.getTrainLoss()));
            if (!Double.isNaN(r.getValLoss())) {
                sb.append(String.format(Locale.ROOT, " val_loss %.4f", r.getValLoss()));
            }
            r.getMetrics().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " val_%s %.4f", k, v)));
            sb.append(String.format(Locale.ROOT, " %.1f slices/s", r.getSlicesPerSecond()));
            bar.setExtraMessage(sb.toString());
        }
        closeBar();
    }

    @Override
    public void onTrainingEnd(TrainingContext ctx, TrainingResult result) {
        closeBar();
    }

    @Override
    public void close() {
        closeBar();
    }

    /**
     * Tells whether a bar (and its refresh thread) is open.
     *
     * @return true between an epoch's start and its end
     */
    boolean isOpen() {
        return bar != null;
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
