package io.brainseg.tune.train;

import io.brainseg.tune.Trial;
import io.brainseg.tune.space.Distribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A trial that records reports and never prunes (listener tests without a study). */
final class RecordingTrial implements Trial {

    final List<Double> reported = new ArrayList<>();

    @Override
    public Object suggest(String name, Distribution distribution) {
        throw new UnsupportedOperationException("not used");
    }

    @Override
    public int getNumber() {
        return 0;
    }

    @Override
    public Map<String, Object> getParams() {
        return Map.of();
    }

    @Override
    public void report(int step, double value) {
        reported.add(value);
    }

    @Override
    public boolean shouldPrune() {
        return false;
    }

    @Override
    public void setUserAttr(String key, String value) {}
}
