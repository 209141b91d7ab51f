package io.brainseg.core.train;

import java.util.ArrayList;
import java.util.List;

/** Records the hooks it receives, in order, for tests of the listener contract. */
public final class RecordingListener implements TrainingListener {

    /** The hooks called, e.g. {@code "start"}, {@code "epochEnd 0"}, {@code "exception"}, {@code "close"}. */
    public final List<String> calls = new ArrayList<>();
    /** The exception passed to {@link #onException}, or null. */
    public Throwable error;

    @Override
    public void onTrainingStart(TrainingContext ctx) {
        calls.add("start");
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        calls.add("epochEnd " + record.getEpoch());
    }

    @Override
    public void onTrainingEnd(TrainingContext ctx, TrainingResult result) {
        calls.add("end");
    }

    @Override
    public void onException(TrainingContext ctx, Throwable e) {
        calls.add("exception");
        error = e;
    }

    @Override
    public void close() {
        calls.add("close");
    }
}
