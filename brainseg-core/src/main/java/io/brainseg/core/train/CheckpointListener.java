package io.brainseg.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes {@code last/} after every epoch and {@code best/} whenever the monitored value improves
 * (Lightning's ModelCheckpoint with {@code save_last=True, save_top_k=1}). Both are complete,
 * atomically replaced checkpoints; {@code last/} is what {@link SegmentationTrainer#resume} reads.
 * Part of the {@linkplain SegmentationTrainer#defaultListeners() default set}; does nothing without a
 * run directory.
 */
public final class CheckpointListener implements TrainingListener {

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        if (ctx.getRunDirectory() == null) {
            return;
        }
        write(ctx, ctx.getRunDirectory().resolve(Checkpoint.LAST));
    }

    @Override
    public void onBestImproved(TrainingContext ctx, EpochRecord record) {
        if (ctx.getRunDirectory() == null) {
            return;
        }
        write(ctx, ctx.getRunDirectory().resolve(Checkpoint.BEST));
    }

    private static void write(TrainingContext ctx, Path dir) {
        try {
            ctx.writeCheckpoint(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir, e);
        }
    }
}
