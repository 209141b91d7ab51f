package io.brainseg.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The slices a throughput benchmark processed, reported by JMH as the {@code slices} counter
 * (slices per second) next to its primary score (calls per second): a benchmark method takes it as
 * an argument and adds the slices of each call, because one call may handle a whole batch or
 * epoch of slices.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class SliceCounter {

    /** Slices processed in this iteration. */
    public long slices;

    /** Creates a counter at zero (JMH makes one per thread). */
    public SliceCounter() {}

    /** Starts each iteration at zero. */
    @Setup(Level.Iteration)
    public void reset() {
        slices = 0;
    }
}
