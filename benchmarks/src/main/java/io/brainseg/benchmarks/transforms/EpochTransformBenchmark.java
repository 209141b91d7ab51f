package io.brainseg.benchmarks.transforms;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.benchmarks.SliceCounter;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.Compose;
import io.brainseg.transforms.Transforms;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole epoch of the reference training augmentation ({@code Transforms.referenceTrain(224)},
 * fused, from the loader's uint8 256×256 batches), in slices per second: the {@code slices}
 * counter of JMH's output. One call transforms {@code slices} slices in batches of {@code batch}
 * (the last one smaller), cycling through 8 distinct uint8 batches made in the set-up so that no
 * decoding is counted; each transformed batch is closed before the next, as a training loop does.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar EpochTransformBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
public class EpochTransformBenchmark {

    private static final int SIZE = 256;
    private static final int POOL = 8;

    /** Where the tensors live: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    /** Slices per batch. */
    @Param("16")
    public int batch;

    /** Slices per epoch (1,917: the 55-patient data at hand). */
    @Param("1917")
    public int slices;

    private NDManager manager;
    private final List<NDArray> images = new ArrayList<>();
    private final List<NDArray> masks = new ArrayList<>();
    private Compose pipeline;
    private final SplittableRandom rng = new SplittableRandom(42);

    /** Makes the uint8 batches and the pipeline. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager(BenchmarkDevice.of(device));
        Random r = new Random(3);
        for (int i = 0; i < POOL; i++) {
            NDList pool = RandomUint8Batch.create(manager, r, batch, SIZE);
            images.add(pool.get(0).duplicate());
            masks.add(pool.get(1).duplicate());
        }
        pipeline = Transforms.referenceTrain(224);
    }

    /** Frees the arrays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** A copy of the first {@code n} slices; the view in between is closed at once. */
    private static NDArray first(NDArray a, int n) {
        if (n == a.getShape().get(0)) {
            return a.duplicate();
        }
        try (NDArray view = a.get(":{}", n)) {
            return view.duplicate();
        }
    }

    /**
     * Transforms one epoch.
     *
     * @param counter the slice counter
     * @return the number of values produced
     */
    @Benchmark
    public long epoch(SliceCounter counter) {
        long values = 0;
        for (int done = 0, b = 0; done < slices; b++) {
            int n = Math.min(batch, slices - done);
            try (SampleBatch sb = SampleBatch.of(manager, List.of())) {
                NDArray img = images.get(b % POOL);
                NDArray mask = masks.get(b % POOL);
                sb.set(SampleBatch.IMAGE, first(img, n));
                sb.set(SampleBatch.MASK, first(mask, n));
                pipeline.apply(sb, rng);
                values += sb.get(SampleBatch.IMAGE).getShape().size();
            }
            done += n;
        }
        counter.slices += slices;
        return values;
    }
}
