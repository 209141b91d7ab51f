package io.brainseg.core.train;

import io.brainseg.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code metrics.csv}: one row per epoch with {@code epoch} (counted from 1, as the console
 * and the curves), {@code train_loss, val_loss}, every
 * validation metric, {@code lr, seconds, slices_per_s}. The whole file is rewritten atomically from
 * the history after each epoch (it is small), so it always matches the checkpoints, also after a
 * resume. Part of the {@linkplain SegmentationTrainer#defaultListeners() default set}; does nothing
 * without a run directory.
 */
public final class CsvLogger implements TrainingListener {

    /** File name inside the run directory. */
    public static final String FILE = "metrics.csv";

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        if (ctx.getRunDirectory() == null) {
            return;
        }
        List<String> metricNames = new ArrayList<>(record.getMetrics().keySet());
        StringBuilder sb = new StringBuilder("epoch,train_loss,val_loss");
        metricNames.forEach(n -> sb.append(",val_").append(n));
        sb.append(",lr,seconds,slices_per_s\n");
        for (EpochRecord r : ctx.getHistory()) {
            // Epochs count from 1 wherever a user reads them (console, this file, images, report).
            sb.append(r.getEpoch() + 1)
                    .append(',')
                    .append(fmt(r.getTrainLoss()))
                    .append(',')
                    .append(fmt(r.getValLoss()));
            for (String n : metricNames) {
                sb.append(',').append(fmt(r.getValue(n)));
            }
            sb.append(',')
                    .append(fmt(r.getLearningRate()))
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.3f", r.getSeconds()))
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.1f", r.getSlicesPerSecond()))
                    .append('\n');
        }
        try {
            AtomicFiles.writeString(ctx.getRunDirectory().resolve(FILE), sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + ctx.getRunDirectory().resolve(FILE), e);
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
