package io.brainseg.core.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the garbage collector free unreachable direct buffers and hands their memory to new,
 * filled buffers: run between a forward and a backward pass, it turns any graph that still points
 * into memory the JVM owned (DJL's number overloads, see {@code Scalars}) into wrong gradients
 * instead of a silent, allocator-dependent difference.
 */
public final class GcChurn {

    private GcChurn() {}

    /**
     * Collects garbage, waits for the cleaner thread, and allocates many small direct buffers
     * filled with {@code 7777f}.
     *
     * @return the new buffers; keep them reachable until the backward pass has run
     */
    public static List<ByteBuffer> freeAndReuseDirectMemory() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cleaner", e);
            }
            for (int i = 0; i < 20_000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(8);
                b.putFloat(0, 7777f).putFloat(4, 7777f);
                keep.add(b);
            }
        }
        return keep;
    }
}
