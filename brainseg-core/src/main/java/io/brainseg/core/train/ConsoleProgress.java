package io.brainseg.core.train;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The console progress bar of each epoch (me.tongfei:progressbar, on standard error): batches done,
 * running mean loss, batch Dice and slices per second. The trainer adds it unless quiet mode is on.
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
        bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1,
                ctx.getEpochs())).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                .setInitialMax(ctx.getTrainBatches()).build();
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, BatchRecord b) {
        if (bar == null) {
            return;
        }
        lossSum += b.loss() * b.samples();
        samples += b.samples();
        bar.stepTo(b.batch() + 1L);
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f dice %.3f %.1f slices/s", lossSum / samples,
                b.dice(), b.slicesPerSecond()));
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord r) {
        if (bar != null) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", r.trainLoss()));
            if (!Double.isNaN(r.valLoss())) {
                sb.append(String.format(Locale.ROOT, " val_loss %.4f", r.valLoss()));
            }
            r.metrics().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " val_%s %.4f", k, v)));
            sb.append(String.format(Locale.ROOT, " %.1f slices/s", r.slicesPerSecond()));
            bar.setExtraMessage(sb.toString());
        }
        closeBar();
    }

    @Override
    public void onTrainingEnd(TrainingContext ctx, TrainingResult result) {
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
