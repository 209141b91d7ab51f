package io.brainseg.serve;

import io.brainseg.data.PlanarImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A segmenter for tests of the serving machinery itself: probability = mean channel value / 255
 * (bright pixels are "tumour"), optionally slow, optionally failing like libtorch does when a batch
 * does not fit in memory.
 */
final class FakeSegmenter implements SliceSegmenter {

    private final long sleepMillis;
    private final int oomAbove;
    final AtomicInteger calls = new AtomicInteger();

    /**
     * @param sleepMillis time each forward pass takes
     * @param oomAbove batches larger than this fail with an out-of-memory message (-1 never, 0 always)
     */
    FakeSegmenter(long sleepMillis, int oomAbove) {
        this.sleepMillis = sleepMillis;
        this.oomAbove = oomAbove;
    }

    @Override
    public float[][] probabilities(List<PlanarImage> slices) {
        calls.incrementAndGet();
        if (oomAbove >= 0 && slices.size() > oomAbove) {
            throw new IllegalStateException("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate "
                    + "memory: you tried to allocate 99999999999 bytes. Error code 12 (Cannot allocate memory)");
        }
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        float[][] out = new float[slices.size()][];
        for (int i = 0; i < out.length; i++) {
            PlanarImage s = slices.get(i);
            int n = s.height() * s.width();
            out[i] = new float[n];
            for (int p = 0; p < n; p++) {
                int sum = 0;
                for (int c = 0; c < 3; c++) {
                    sum += s.planes()[c * n + p] & 0xff;
                }
                out[i][p] = sum / (3 * 255f);
            }
        }
        return out;
    }

    @Override
    public double getThreshold() {
        return 0.5;
    }

    @Override
    public String getCheckpointId() {
        return "fake";
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("checkpointId", "fake");
    }
}
