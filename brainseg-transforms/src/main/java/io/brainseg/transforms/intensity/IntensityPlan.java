package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.base.CpuBuffers;
import io.brainseg.transforms.base.KeyedTransform;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * A run of per-sample intensity transforms (random scale, random shift, at most one Gaussian
 * noise) applied to float32 CPU arrays in one pass: per element the operations run in pipeline
 * order with the same float32 arithmetic as the transforms applied one by one ({@code v·a},
 * {@code v + b}, {@code v + (z·σ + μ)}), so the result is bit-identical, without the intermediate
 * arrays.
 */
public final class IntensityPlan {

    private final List<String> configuredKeys;
    private final List<String> keys;
    private final int n;
    private final List<float[]> ops = new ArrayList<>();
    private final List<Boolean> multiply = new ArrayList<>();
    private RandGaussianNoise.Draw noise;

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
        BatchTransform t = transforms.get(from);
        KeyedTransform first = (KeyedTransform) t;
        List<String> present = new ArrayList<>();
        boolean ok = ((FusableIntensity) t).fusesOn(batch);
        for (String key : first.getKeys()) {
            if (!batch.contains(key)) {
                ok = false;
            } else if (batch.get(key).getDataType() != DataType.FLOAT32) {
                ok = false;
            } else {
                present.add(key);
            }
        }
        if (!ok || present.isEmpty()) {
            t.apply(batch, rng);
            return from + 1;
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
            t.apply(batch, rng);
            return from + 1;
        }
        plan.execute(batch);
        return j;
    }

    private void execute(SampleBatch batch) {
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            int keyIndex = k;
            NDArray x = batch.get(key);
            NDArray result;
            try (NDManager sub = batch.getManager().newSubManager()) {
                x.tempAttach(sub);
                result = apply(sub, x, keyIndex);
                result.attach(batch.getManager());
            }
            batch.set(key, result);
        }
    }

    private NDArray apply(NDManager m, NDArray x, int keyIndex) {
        Shape shape = x.getShape();
        int per = Math.toIntExact(shape.size() / shape.get(0));
        FloatBuffer src = CpuBuffers.floats(x);
        NDArray out = CpuBuffers.empty(m, shape, DataType.FLOAT32);
        FloatBuffer dst = CpuBuffers.floats(out);
        int chunk = RandGaussianNoise.CHUNK;
        int chunks = (per + chunk - 1) / chunk;
        float[][] opValues = ops.toArray(new float[0][]);
        boolean[] isMul = new boolean[opValues.length];
        for (int i = 0; i < isMul.length; i++) {
            isMul[i] = multiply.get(i);
        }
        IntStream.range(0, n * chunks).parallel().forEach(task -> {
            int i = task / chunks;
            int from = (task % chunks) * chunk;
            int len = Math.min(chunk, per - from);
            int off = i * per + from;
            float[] v = new float[len];
            src.get(off, v);
            for (int o = 0; o < opValues.length; o++) {
                float a = opValues[o][i];
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
            if (noise != null && noise.row(i) >= 0) {
                float[] zs = new float[len];
                noise.cpuNormals(keyIndex, i, task % chunks, zs, len);
                float mu = noise.mu(i);
                float sigma = noise.sigma(i);
                for (int p = 0; p < len; p++) {
                    v[p] = v[p] + (zs[p] * sigma + mu);
                }
            }
            dst.put(off, v);
        });
        return out;
    }
}
