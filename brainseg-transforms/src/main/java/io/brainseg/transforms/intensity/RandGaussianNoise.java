package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Backend;
import io.brainseg.transforms.base.Checks;
import io.brainseg.transforms.base.CpuBuffers;
import io.brainseg.transforms.base.KeyedTransform;
import io.brainseg.transforms.base.PerSample;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Adds Gaussian noise to randomly chosen samples (MONAI's {@code RandGaussianNoise}): with
 * probability {@code prob}, per sample, {@code y = x + ε}, ε ~ N(mean, σ²) element-wise, where σ is
 * drawn uniform in [0, std) per sample when {@code sampleStd} (MONAI's default) and is {@code std}
 * otherwise. Samples not selected are unchanged.
 *
 * <p><b>Reproducibility.</b> The per-sample coins and σ, and one seed per key, come from the
 * caller's generator; the same generator state and input give bit-identical output.
 * <ul>
 *   <li>{@link Backend#CPU_KERNEL} (CPU batches): the normals are drawn in Java while they are
 *       added, in chunks of {@value #CHUNK} values, each chunk from its own {@link SplittableRandom}
 *       derived from the key seed, the sample and the chunk, so the result does not depend on
 *       threads, and no global state is touched.</li>
 *   <li>{@link Backend#NDARRAY} (GPUs): the normals are drawn on the device (no host round trip)
 *       from the engine generator, re-seeded first with the key seed. That generator is global
 *       ({@code Engine.setRandomSeed}): the draw holds a lock shared by all brainseg transforms,
 *       but other code using it concurrently would interleave, and code that draws from it
 *       afterwards (dropout, say) continues from this seed.</li>
 * </ul>
 * The two backends draw different normals (same distribution).
 *
 * <p>Noise is drawn for the selected samples only. On the CPU a Java kernel adds it in one pass
 * over the tensor memory; elsewhere it is placed with an index pick and added with array
 * operations. Both compute {@code x + (z·σ + μ)} in float32.
 *
 * <p>Any rank; integer input is cast to float32. Default key: {@code image}; default prob 0.1,
 * mean 0, std 0.1.
 */
public final class RandGaussianNoise extends KeyedTransform implements FusableIntensity {

    /** Elements per CPU work item; also fixes which generator draws which noise values. */
    static final int CHUNK = 4096;

    /** Serialises re-seed-and-draw of the global engine generator. */
    private static final Object ENGINE_RNG_LOCK = new Object();

    private final double prob;
    private final double mean;
    private final double std;
    private final boolean sampleStd;
    private final Backend backend;

    private RandGaussianNoise(Builder b) {
        super(b);
        this.prob = b.prob;
        this.mean = b.mean;
        this.std = b.std;
        this.sampleStd = b.sampleStd;
        this.backend = b.backend;
    }

    /**
     * Returns a builder (all settings optional).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean isRandom() {
        return true;
    }

    /**
     * The draws of one batch: per-sample coins and σ, then one engine seed per key.
     *
     * @param row index of each sample among the selected ones, or -1
     * @param mu per-sample mean (0 when not selected)
     * @param sigma per-sample σ (0 when not selected)
     * @param selected number of selected samples
     * @param seeds one engine seed per present key, in key order
     */
    record Draw(int[] row, float[] mu, float[] sigma, int selected, int[] seeds) {

        int row(int i) {
            return row[i];
        }

        float mu(int i) {
            return mu[i];
        }

        float sigma(int i) {
            return sigma[i];
        }

        /**
         * Fills {@code z} with the standard normals of one chunk for the CPU kernels: each
         * (key, selected sample, chunk) has its own {@link SplittableRandom} derived from the
         * key's seed, so the values do not depend on the thread schedule.
         */
        void cpuNormals(int keyIndex, int sample, int chunk, float[] z, int len) {
            cpuNormals(keyIndex, sample, chunk, z, 0, len);
        }

        /** As {@link #cpuNormals(int, int, int, float[], int)}, into {@code z[off, off + len)}. */
        void cpuNormals(int keyIndex, int sample, int chunk, float[] z, int off, int len) {
            long s = ((long) seeds[keyIndex] << 32) ^ ((long) row[sample] * 0x9E3779B97F4A7C15L) ^ chunk;
            SplittableRandom g = new SplittableRandom(s);
            for (int p = off; p < off + len; p++) {
                z[p] = (float) g.nextGaussian();
            }
        }

        /** Draws {@code selected×…} standard normals for key {@code keyIndex}, or null if none. */
        NDArray sample(NDManager m, Shape shape, int keyIndex) {
            if (selected == 0) {
                return null;
            }
            Shape noiseShape = new Shape(selected).addAll(shape.slice(1));
            synchronized (ENGINE_RNG_LOCK) {
                m.getEngine().setRandomSeed(seeds[keyIndex]);
                return m.randomNormal(0f, 1f, noiseShape, DataType.FLOAT32);
            }
        }
    }

    private Draw draw(int n, int keyCount, RandomGenerator rng) {
        float[] mu = new float[n];
        float[] sigma = new float[n];
        int[] row = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            boolean on = PerSample.coin(rng, prob);
            double s = sampleStd ? PerSample.uniform(rng, 0, std) : std;
            row[i] = on ? k++ : -1;
            if (on) {
                mu[i] = (float) mean;
                sigma[i] = (float) s;
            }
        }
        int[] seeds = new int[keyCount];
        for (int i = 0; i < keyCount; i++) {
            seeds[i] = rng.nextInt();
        }
        return new Draw(row, mu, sigma, k, seeds);
    }

    @Override
    public boolean fusesOn(SampleBatch batch) {
        return backend.resolve(batch.getDevice()) == Backend.CPU_KERNEL;
    }

    @Override
    public boolean plan(IntensityPlan plan, RandomGenerator rng) {
        if (!plan.acceptsNoise()) {
            return false;
        }
        plan.noise(draw(plan.size(), plan.keys().size(), rng));
        return true;
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        List<String> keys = presentKeys(batch);
        Draw d = draw(batch.size(), keys.size(), rng);
        for (int k = 0; k < keys.size(); k++) {
            int keyIndex = k;
            replace(batch, keys.get(k), (m, x) -> {
                NDArray f = asFloating(x);
                if (d.selected() == 0) {
                    return f;
                }
                Shape shape = f.getShape();
                if (f.getDataType() == DataType.FLOAT32 && backend.resolve(m.getDevice()) == Backend.CPU_KERNEL) {
                    return addOnCpu(m, f, d, keyIndex);
                }
                NDArray z = d.sample(m, shape, keyIndex);
                // Row `selected` of the padded noise is zero: unselected samples pick it.
                NDArray padded = z.concat(m.zeros(new Shape(1).addAll(shape.slice(1)), DataType.FLOAT32), 0);
                long[] pick = new long[d.row().length];
                for (int i = 0; i < pick.length; i++) {
                    pick[i] = d.row(i) < 0 ? d.selected() : d.row(i);
                }
                NDArray noise = padded.get(m.create(pick));
                noise = noise.mul(PerSample.column(m, d.sigma(), noise)).add(PerSample.column(m, d.mu(), noise));
                return f.add(noise.toType(f.getDataType(), false));
            });
        }
    }

    /** The CPU kernel: one pass writing x + (z·σ + μ) for selected samples, x for the others. */
    private static NDArray addOnCpu(NDManager m, NDArray x, Draw d, int keyIndex) {
        Shape shape = x.getShape();
        int per = Math.toIntExact(shape.size() / shape.get(0));
        FloatBuffer src = CpuBuffers.floats(x);
        NDArray out = CpuBuffers.empty(m, shape, DataType.FLOAT32);
        FloatBuffer dst = CpuBuffers.floats(out);
        int chunks = (per + CHUNK - 1) / CHUNK;
        IntStream.range(0, d.row().length * chunks).parallel().forEach(task -> {
            int i = task / chunks;
            int chunk = task % chunks;
            int from = chunk * CHUNK;
            int len = Math.min(CHUNK, per - from);
            int off = i * per + from;
            if (d.row(i) < 0) {
                dst.put(off, src, off, len);
                return;
            }
            // Heap chunks keep the inner loop free of buffer bounds checks.
            float[] xs = new float[len];
            float[] zs = new float[len];
            src.get(off, xs);
            d.cpuNormals(keyIndex, i, chunk, zs, len);
            float a = d.mu(i);
            float b = d.sigma(i);
            for (int p = 0; p < len; p++) {
                xs[p] = xs[p] + (zs[p] * b + a);
            }
            dst.put(off, xs);
        });
        return out;
    }

    /** Builder of {@link RandGaussianNoise}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private double prob = 0.1;
        private double mean;
        private double std = 0.1;
        private boolean sampleStd = true;
        private Backend backend = Backend.AUTO;

        Builder() {
            super("image");
        }

        /**
         * Chooses the implementation (default AUTO: the CPU kernel for float32 CPU batches).
         *
         * @param backend the backend
         * @return this builder
         */
        public Builder optBackend(Backend backend) {
            this.backend = java.util.Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Sets the per-sample probability (default 0.1).
         *
         * @param prob the probability in [0, 1]
         * @return this builder
         */
        public Builder optProb(double prob) {
            this.prob = prob;
            return this;
        }

        /**
         * Sets the noise mean (default 0).
         *
         * @param mean the mean
         * @return this builder
         */
        public Builder optMean(double mean) {
            this.mean = mean;
            return this;
        }

        /**
         * Sets the noise standard deviation, or its upper bound with {@code sampleStd} (default
         * 0.1).
         *
         * @param std the standard deviation, ≥ 0
         * @return this builder
         */
        public Builder optStd(double std) {
            this.std = std;
            return this;
        }

        /**
         * Draws σ uniform in [0, std) per sample (default true, as in MONAI ≥ 1.2).
         *
         * @param sampleStd whether to sample σ
         * @return this builder
         */
        public Builder optSampleStd(boolean sampleStd) {
            this.sampleStd = sampleStd;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the transform.
         *
         * @return the transform
         * @throws IllegalArgumentException if prob is outside [0, 1], mean is not finite or std is
         *     negative or not finite
         */
        public RandGaussianNoise build() {
            validateKeys();
            Checks.probability(prob);
            Checks.finite("mean", mean);
            Checks.nonNegative("std", std);
            return new RandGaussianNoise(this);
        }
    }
}
