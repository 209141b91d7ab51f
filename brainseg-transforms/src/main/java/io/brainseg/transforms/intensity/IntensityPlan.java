package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.base.CpuBuffers;
import io.brainseg.transforms.base.KeyedTransform;
import io.brainseg.transforms.base.RowEpilogue;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * A run of per-sample intensity transforms (random scale, random shift, at most one Gaussian
 * noise) applied to float32 CPU arrays in one pass: per element the operations run in pipeline
 * order with the same float32 arithmetic as the transforms applied one by one ({@code v·a},
 * {@code v + b}, {@code v + (z·σ + μ)}), so the result is bit-identical, without the intermediate
 * arrays.
 *
 * <p>The plan is also a {@link RowEpilogue}: after a spatial run, {@link
 * io.brainseg.transforms.Compose} lets the resampling kernel apply it to each output row, so the
 * batch is written once. Both ways go through {@link #forSample}, the one place the arithmetic
 * lives.
 */
public final class IntensityPlan implements RowEpilogue {

    private final List<String> configuredKeys;
    private final List<String> keys;
    private final int n;
    private final List<float[]> ops = new ArrayList<>();
    private final List<Boolean> multiply = new ArrayList<>();
    private RandGaussianNoise.Draw noise;
    private int end;

    private IntensityPlan(List<String> configuredKeys, List<String> keys, int n) {
        this.configuredKeys = configuredKeys;
        this.keys = keys;
        this.n = n;
    }

    int size() {
        return n;
    }

    List<String> keys() {
        return keys;
    }

    boolean acceptsNoise() {
        return noise == null;
    }

    boolean acceptsOps() {
        return noise == null;
    }

    void scale(float[] perSample) {
        ops.add(perSample);
        multiply.add(true);
    }

    void shift(float[] perSample) {
        ops.add(perSample);
        multiply.add(false);
    }

    void noise(RandGaussianNoise.Draw draw) {
        this.noise = draw;
    }

    /**
     * Returns the index of the first transform after the planned run.
     *
     * @return the index of the next transform to run
     */
    public int end() {
        return end;
    }

    /**
     * Runs the longest fusable run of intensity transforms starting at {@code from} in one pass,
     * when they share their keys and every keyed array is a float32 CPU array; otherwise applies
     * {@code transforms.get(from)} alone.
     *
     * @param transforms the pipeline
     * @param from the index of the next transform to run
     * @param batch the batch
     * @param rng the generator
     * @return the index of the next transform to run (greater than {@code from})
     */
    public static int runFrom(
            List<? extends BatchTransform> transforms, int from, SampleBatch batch, RandomGenerator rng) {
        IntensityPlan plan =
                plan(transforms, from, batch, rng, key -> batch.get(key).getDataType() == DataType.FLOAT32);
        if (plan == null) {
            transforms.get(from).apply(batch, rng);
            return from + 1;
        }
        plan.execute(batch);
        return plan.end;
    }

    /**
     * Plans the longest fusable run of intensity transforms starting at {@code from}, drawing
     * exactly what applying them would draw, without touching the batch.
     *
     * @param transforms the pipeline
     * @param from the index of a {@link FusableIntensity}
     * @param batch the batch
     * @param rng the generator
     * @param float32 tells whether a key's array is (or, when the plan runs, will be) float32
     * @return the plan ({@link #end()} past its run), or null, with nothing drawn, when the
     *     transform at {@code from} cannot start one on this batch
     */
    public static IntensityPlan plan(
            List<? extends BatchTransform> transforms,
            int from,
            SampleBatch batch,
            RandomGenerator rng,
            Predicate<String> float32) {
        BatchTransform t = transforms.get(from);
        if (!(t instanceof FusableIntensity) || !((FusableIntensity) t).fusesOn(batch)) {
            return null;
        }
        KeyedTransform first = (KeyedTransform) t;
        List<String> present = new ArrayList<>();
        for (String key : first.getKeys()) {
            if (!batch.contains(key) || !float32.test(key)) {
                return null;
            }
            present.add(key);
        }
        if (present.isEmpty()) {
            return null;
        }
        IntensityPlan plan = new IntensityPlan(first.getKeys(), present, batch.size());
        int j = from;
        while (j < transforms.size()) {
            BatchTransform g = transforms.get(j);
            if (!(g instanceof FusableIntensity)
                    || !((FusableIntensity) g).fusesOn(batch)
                    || !((KeyedTransform) g).getKeys().equals(plan.configuredKeys)
                    || !((FusableIntensity) g).plan(plan, rng)) {
                break;
            }
            j++;
        }
        if (j == from) {
            return null;
        }
        plan.end = j;
        return plan;
    }

    @Override
    public boolean covers(String key) {
        return keys.contains(key);
    }

    /**
     * Returns the operations of sample {@code sample} of {@code key}: the scales and shifts in
     * pipeline order, then the noise, whose normals for the whole sample are drawn here (the
     * chunks of {@link RandGaussianNoise}, so the values do not depend on how rows are visited).
     */
    @Override
    public RowOp forSample(String key, int sample, int perSample) {
        int keyIndex = keys.indexOf(key);
        if (keyIndex < 0) {
            throw new IllegalArgumentException("intensity plan does not cover '" + key + "'; it covers " + keys);
        }
        float[] values = new float[ops.size()];
        boolean[] isMul = new boolean[ops.size()];
        for (int o = 0; o < values.length; o++) {
            values[o] = ops.get(o)[sample];
            isMul[o] = multiply.get(o);
        }
        float[] z = noise != null && noise.row(sample) >= 0 ? normals(keyIndex, sample, perSample) : null;
        float mu = z == null ? 0f : noise.mu(sample);
        float sigma = z == null ? 0f : noise.sigma(sample);
        return (v, len, flat) -> {
            for (int o = 0; o < values.length; o++) {
                float a = values[o];
                if (isMul[o]) {
                    for (int p = 0; p < len; p++) {
                        v[p] = v[p] * a;
                    }
                } else {
                    for (int p = 0; p < len; p++) {
                        v[p] = v[p] + a;
                    }
                }
            }
            if (z != null) {
                for (int p = 0; p < len; p++) {
                    v[p] = v[p] + (z[flat + p] * sigma + mu);
                }
            }
        };
    }

    private float[] normals(int keyIndex, int sample, int perSample) {
        float[] z = new float[perSample];
        int chunk = RandGaussianNoise.CHUNK;
        for (int c = 0; c * chunk < perSample; c++) {
            noise.cpuNormals(keyIndex, sample, c, z, c * chunk, Math.min(chunk, perSample - c * chunk));
        }
        return z;
    }

    private void execute(SampleBatch batch) {
        for (String key : keys) {
            NDArray x = batch.get(key);
            NDArray result;
            try (NDManager sub = batch.getManager().newSubManager()) {
                x.tempAttach(sub);
                result = apply(sub, key, x);
                result.attach(batch.getManager());
            }
            batch.set(key, result);
        }
    }

    private NDArray apply(NDManager m, String key, NDArray x) {
        Shape shape = x.getShape();
        int per = Math.toIntExact(shape.size() / shape.get(0));
        FloatBuffer src = CpuBuffers.floats(x);
        NDArray out = CpuBuffers.empty(m, shape, DataType.FLOAT32);
        FloatBuffer dst = CpuBuffers.floats(out);
        int chunk = RandGaussianNoise.CHUNK;
        IntStream.range(0, n).parallel().forEach(i -> {
            RowOp op = forSample(key, i, per);
            // Chunk-sized heap buffers keep the loops free of buffer bounds checks and in cache.
            float[] v = new float[Math.min(chunk, per)];
            for (int from = 0; from < per; from += chunk) {
                int len = Math.min(chunk, per - from);
                src.get(i * per + from, v, 0, len);
                op.apply(v, len, from);
                dst.put(i * per + from, v, 0, len);
            }
        });
        return out;
    }
}
