package io.brainseg.benchmarks.transforms;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.brainseg.benchmarks.BenchmarkDefaults;
import io.brainseg.benchmarks.BenchmarkDevice;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.Compose;
import io.brainseg.transforms.Transforms;
import io.brainseg.transforms.base.Backend;
import io.brainseg.transforms.intensity.RandGaussianNoise;
import io.brainseg.transforms.intensity.RandScaleIntensity;
import io.brainseg.transforms.intensity.RandShiftIntensity;
import io.brainseg.transforms.spatial.RandFlip;
import io.brainseg.transforms.spatial.RandRotate;
import io.brainseg.transforms.spatial.RandSpatialCrop;
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
 * Batched transforms on {@code device}: a loader-like batch of {@code batch}×3×256×256 UINT8 images
 * plus {@code batch}×1×256×256 UINT8 masks (random values and rectangles; default batch 16),
 * milliseconds per batch.
 *
 * <ul>
 *   <li>{@code pipeline}: the reference train pipeline from the loader's UINT8 batch (cast, scale,
 *       flip, rotate ±0.26 rad, crop 224, scale ±10%, shift ±0.1, noise σ ≤ 0.1, each p 0.5);</li>
 *   <li>{@code pipelineRandomSuffix}: the same after the cached deterministic prefix (float input);
 *       {@code pipelineRandomSuffixUnfused} without Compose's fused CPU runs;</li>
 *   <li>one benchmark per transform on the float batch (random ones with p 0.5, as in the pipeline),
 *       and rotation alone with every sample rotated (p 1) on each backend;</li>
 *   <li>{@code baselineCopy}: the per-invocation batch copy every benchmark pays; subtract it to get
 *       the transform alone.</li>
 * </ul>
 * MONAI's per-sample pipeline is timed side by side by {@code benchmarks/peers} (docs/benchmarks.md).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar TransformsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchmarkDefaults.OFFLINE, BenchmarkDefaults.HEAP})
public class TransformsBenchmark {

    /** Where the tensors live: {@code cpu} or {@code gpu} (see {@link BenchmarkDevice}). */
    @Param("cpu")
    public String device;

    /** Slices per batch. */
    @Param("16")
    public int batch;

    private static final int SIZE = 256;

    private NDManager manager;
    private NDArray rawImage;
    private NDArray rawMask;
    private NDArray floatImage;
    private NDArray floatMask;
    private final SplittableRandom rng = new SplittableRandom(42);

    private Compose train;
    private Compose suffix;
    private Compose prefix;
    private Compose suffixUnfused;
    private BatchTransform flip;
    private BatchTransform rotate;
    private BatchTransform rotateAll;
    private BatchTransform rotateAllNdArray;
    private BatchTransform crop;
    private BatchTransform scale;
    private BatchTransform shift;
    private BatchTransform noise;

    /** Creates the input batch and the transforms. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager(BenchmarkDevice.of(device));
        Random r = new Random(1);
        NDList raw = RandomUint8Batch.create(manager, r, batch, SIZE);
        rawImage = raw.get(0);
        rawMask = raw.get(1);
        train = Transforms.referenceTrain(224);
        Compose.Split split = train.splitDeterministicPrefix();
        prefix = split.deterministicPrefix();
        suffix = split.randomSuffix();
        suffixUnfused = Transforms.compose()
                .optFuse(false)
                .addAll(suffix.getTransforms().toArray(new BatchTransform[0]))
                .build();
        try (SampleBatch b = batch(rawImage, rawMask)) {
            prefix.apply(b, rng);
            floatImage = b.get(SampleBatch.IMAGE).duplicate();
            floatMask = b.get(SampleBatch.MASK).duplicate();
            floatImage.attach(manager);
            floatMask.attach(manager);
        }
        flip = RandFlip.builder().optProb(0.5).build();
        rotate = RandRotate.builder().setRangeX(0.26).optProb(0.5).build();
        rotateAll = RandRotate.builder()
                .setRangeX(0.26)
                .optProb(1)
                .optBackend(Backend.CPU_KERNEL)
                .build();
        rotateAllNdArray = RandRotate.builder()
                .setRangeX(0.26)
                .optProb(1)
                .optBackend(Backend.NDARRAY)
                .build();
        crop = RandSpatialCrop.builder().setRoiSize(224, 224).build();
        scale = RandScaleIntensity.builder().setFactors(0.1).optProb(0.5).build();
        shift = RandShiftIntensity.builder().setOffsets(0.1).optProb(0.5).build();
        noise = RandGaussianNoise.builder().optStd(0.1).optProb(0.5).build();
    }

    /** Frees the arrays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    private SampleBatch batch(NDArray image, NDArray mask) {
        SampleBatch b = SampleBatch.of(manager, List.of());
        b.set(SampleBatch.IMAGE, image.duplicate());
        b.set(SampleBatch.MASK, mask.duplicate());
        return b;
    }

    private float run(BatchTransform t, NDArray image, NDArray mask) {
        try (SampleBatch b = batch(image, mask)) {
            t.apply(b, rng);
            // Read one value so lazy engines finish; PyTorch CPU is eager.
            return b.get(SampleBatch.IMAGE).getShape().size();
        }
    }

    /**
     * The reference train pipeline from the loader's UINT8 batch.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float pipeline() {
        return run(train, rawImage, rawMask);
    }

    /**
     * The random suffix of the reference pipeline on the cached float batch.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float pipelineRandomSuffix() {
        return run(suffix, floatImage, floatMask);
    }

    /**
     * The random suffix applied transform by transform (no fused CPU runs), for comparison.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float pipelineRandomSuffixUnfused() {
        return run(suffixUnfused, floatImage, floatMask);
    }

    /**
     * The deterministic prefix: cast and scale 0..255 to 0..1.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float castAndScale() {
        return run(prefix, rawImage, rawMask);
    }

    /**
     * RandFlip, p 0.5.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float randFlip() {
        return run(flip, floatImage, floatMask);
    }

    /**
     * RandRotate ±0.26 rad, p 0.5, AUTO backend (CPU kernel here).
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float randRotate() {
        return run(rotate, floatImage, floatMask);
    }

    /**
     * Rotation alone, every sample rotated, fused CPU kernel.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float rotationAllCpuKernel() {
        return run(rotateAll, floatImage, floatMask);
    }

    /**
     * Rotation alone, every sample rotated, device-generic NDArray path (the GPU path).
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float rotationAllNdArray() {
        return run(rotateAllNdArray, floatImage, floatMask);
    }

    /**
     * RandSpatialCrop 224×224.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float randSpatialCrop() {
        return run(crop, floatImage, floatMask);
    }

    /**
     * RandScaleIntensity ±0.1, p 0.5.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float randScaleIntensity() {
        return run(scale, floatImage, floatMask);
    }

    /**
     * RandShiftIntensity ±0.1, p 0.5.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float randShiftIntensity() {
        return run(shift, floatImage, floatMask);
    }

    /**
     * RandGaussianNoise σ ≤ 0.1, p 0.5.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float randGaussianNoise() {
        return run(noise, floatImage, floatMask);
    }

    /**
     * The batch copy every other benchmark includes.
     *
     * @return a value for the blackhole
     */
    @Benchmark
    public float baselineCopy() {
        return run((b, r) -> {}, floatImage, floatMask);
    }
}
