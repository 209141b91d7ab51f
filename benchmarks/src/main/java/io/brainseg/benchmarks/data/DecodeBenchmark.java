package io.brainseg.benchmarks.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.data.DecodedSlice;
import io.brainseg.data.LggDataset;
import io.brainseg.data.LggSlice;
import io.brainseg.data.TiffIO;
import io.brainseg.data.Uint8Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Slices per second for decoding the real Kaggle zip in place (TIFF image + mask read from the zip,
 * decoded, checked, channel-first) and copying them to uint8 NDArrays {@code 3×256×256} and
 * {@code 1×256×256}. One operation = one slice pair; successive operations walk through all 1,917
 * slices of the zip. Fails in setup if the zip is absent. Compares the two ImageIO TIFF readers
 * (TwelveMonkeys, the default, and the JDK's).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DecodeBenchmark -wi 2 -i 3 -f 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
public class DecodeBenchmark {

    /** Where the tensors live: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    /** The zip; empty means the system property {@code brainseg.realZip} or ../shared/data/... */
    @Param("")
    public String zip;

    /** TIFF reader tried first ({@code TiffIO.READER_PROPERTY}). */
    @Param({TiffIO.TWELVE_MONKEYS, TiffIO.JDK})
    public String reader;

    private LggDataset dataset;
    private List<LggSlice> slices;
    private NDManager manager;
    private final AtomicInteger next = new AtomicInteger();

    /** Opens the zip (structure scan only) and the NDManager. */
    @Setup(Level.Trial)
    public void open() {
        System.setProperty(TiffIO.READER_PROPERTY, reader);
        dataset = LggDataset.open(RealZip.resolve(zip));
        slices = dataset.getSlices();
        manager = NDManager.newBaseManager(BenchmarkDevice.of(device));
    }

    /** Closes the manager and the zip. */
    @TearDown(Level.Trial)
    public void close() {
        manager.close();
        dataset.close();
    }

    private LggSlice nextSlice() {
        return slices.get(Math.floorMod(next.getAndIncrement(), slices.size()));
    }

    /**
     * Decodes one slice pair to channel-first bytes (no NDArray): the TIFF part alone.
     *
     * @return the decoded slice
     */
    @Benchmark
    public DecodedSlice decodeOnly() {
        return dataset.decode(nextSlice());
    }

    /**
     * Decodes one slice pair and creates its uint8 NDArrays on a per-slice sub-manager.
     *
     * @return the mask's element count, to keep the work alive
     */
    @Benchmark
    public long decodeToNDArray() {
        return decodeAndCreate();
    }

    /**
     * As {@link #decodeToNDArray()} on two threads (the machine's cores), as
     * {@code SliceCache.load} decodes.
     *
     * @return the mask's element count
     */
    @Benchmark
    @Threads(2)
    public long decodeToNDArray2Threads() {
        return decodeAndCreate();
    }

    private long decodeAndCreate() {
        DecodedSlice s = dataset.decode(nextSlice());
        try (NDManager m = manager.newSubManager()) {
            NDArray image = Uint8Arrays.copyOf(m, s.image(), new Shape(3, s.height(), s.width()));
            NDArray mask = Uint8Arrays.copyOf(m, s.mask(), new Shape(1, s.height(), s.width()));
            return image.size() + mask.size();
        }
    }
}
