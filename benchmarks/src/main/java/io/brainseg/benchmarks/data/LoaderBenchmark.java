package io.brainseg.benchmarks.data;

import ai.djl.ndarray.NDManager;
import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.data.LggDataset;
import io.brainseg.data.SliceCache;
import io.brainseg.data.SliceLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Slices per second the {@link SliceLoader} serves from the in-memory cache of the real zip:
 * shuffled batches of 16 uint8 slices {@code 16×3×256×256} (+ masks) as NDArrays, with and without
 * the background prefetch thread. One invocation = one batch = 16 operations. The cache is decoded
 * once per trial (about 6 s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
public class LoaderBenchmark {

    private static final int BATCH = 16;

    /** The zip; empty means the system property {@code brainseg.realZip} or ../shared/data/... */
    @Param("")
    public String zip;

    /** Where the tensors live: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    /** Batches prepared ahead by the background thread (0 = none). */
    @Param({"0", "2"})
    public int prefetch;

    private NDManager manager;
    private SliceLoader loader;
    private BatchIterator it;
    private int epoch;

    /** Decodes the zip into memory and builds the loader. */
    @Setup(Level.Trial)
    public void load() {
        try (LggDataset ds = LggDataset.open(RealZip.resolve(zip))) {
            SliceCache cache = SliceCache.load(ds);
            loader = SliceLoader.builder()
                    .setCache(cache)
                    .setBatchSize(BATCH)
                    .optShuffle(true)
                    .optDropLast(true)
                    .optPrefetch(prefetch)
                    .build();
        }
        manager = NDManager.newBaseManager(BenchmarkDevice.of(device));
        it = loader.epoch(manager, epoch);
    }

    /** Stops the loader and frees the manager. */
    @TearDown(Level.Trial)
    public void close() {
        it.close();
        manager.close();
    }

    /**
     * Takes one batch (and closes it); starts the next epoch when one ends.
     *
     * @return the batch size
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int nextBatch() {
        if (!it.hasNext()) {
            it.close();
            it = loader.epoch(manager, ++epoch);
        }
        try (SampleBatch b = it.next()) {
            return b.size() + (b.get(SampleBatch.IMAGE).isEmpty() ? 1 : 0);
        }
    }
}
