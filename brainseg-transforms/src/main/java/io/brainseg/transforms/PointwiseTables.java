package io.brainseg.transforms;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.base.CpuBuffers;
import io.brainseg.transforms.base.FusablePointwise;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * What a run of {@link FusablePointwise} transforms does to UINT8 input, as one 256-entry float
 * table per key: the run is applied to a probe batch holding the values 0..255 under every key
 * it names, so each entry is, bit for bit, what the run computes for that byte.
 */
final class PointwiseTables {

    private static final int VALUES = 256;

    private PointwiseTables() {}

    /**
     * Returns the index after the longest run of {@link FusablePointwise} transforms at {@code from}.
     *
     * @param transforms the pipeline
     * @param from the first index
     * @return the index of the first other transform (or the size)
     */
    static int endOfRun(List<BatchTransform> transforms, int from) {
        int j = from;
        while (j < transforms.size() && transforms.get(j) instanceof FusablePointwise) {
            j++;
        }
        return j;
    }

    /**
     * Probes {@code run} on this batch's keys.
     *
     * @param run the pointwise transforms, in order
     * @param batch the batch (not modified)
     * @return per key the float32 value of each byte, for the keys the run turns from UINT8 into
     *     float32; empty when the run cannot be tabled here (a CPU batch whose named keys are all
     *     present and UINT8, each ending float32 or untouched, is required)
     */
    static Map<String, float[]> probe(List<BatchTransform> run, SampleBatch batch) {
        if (!CpuBuffers.isCpu(batch.getManager())) {
            return Map.of();
        }
        Set<String> named = new LinkedHashSet<>();
        for (BatchTransform t : run) {
            named.addAll(((FusablePointwise) t).getKeys());
        }
        for (String key : named) {
            if (!batch.contains(key) || batch.get(key).getDataType() != DataType.UINT8) {
                return Map.of();
            }
        }
        byte[] values = new byte[VALUES];
        for (int v = 0; v < VALUES; v++) {
            values[v] = (byte) v;
        }
        Map<String, float[]> tables = new LinkedHashMap<>();
        try (SampleBatch probe = SampleBatch.of(batch.getManager(), List.of())) {
            NDManager m = probe.getManager();
            for (String key : named) {
                probe.set(key, m.create(ByteBuffer.wrap(values), new Shape(1, 1, 1, VALUES), DataType.UINT8));
            }
            // Pointwise transforms are deterministic; a private generator keeps the caller's untouched.
            SplittableRandom unused = new SplittableRandom(0);
            for (BatchTransform t : run) {
                t.apply(probe, unused);
            }
            for (String key : named) {
                NDArray y = probe.get(key);
                if (y.getDataType() == DataType.FLOAT32) {
                    tables.put(key, y.toFloatArray());
                } else if (y.getDataType() != DataType.UINT8 || !Arrays.equals(y.toByteArray(), values)) {
                    return Map.of();
                }
            }
        }
        return tables;
    }

    /**
     * Replaces each tabled key of the batch by its float32 values.
     *
     * @param batch the batch
     * @param tables per key the value of each byte
     */
    static void apply(SampleBatch batch, Map<String, float[]> tables) {
        for (Map.Entry<String, float[]> e : tables.entrySet()) {
            NDArray x = batch.get(e.getKey());
            float[] table = e.getValue();
            Shape shape = x.getShape();
            int size = Math.toIntExact(shape.size());
            byte[] bytes = new byte[size];
            CpuBuffers.bytes(x).get(0, bytes);
            NDArray out = CpuBuffers.empty(batch.getManager(), shape, DataType.FLOAT32);
            FloatBuffer dst = CpuBuffers.floats(out);
            int block = 1 << 16;
            IntStream.range(0, (size + block - 1) / block).parallel().forEach(k -> {
                int from = k * block;
                int len = Math.min(block, size - from);
                float[] v = new float[len];
                for (int p = 0; p < len; p++) {
                    v[p] = table[bytes[from + p] & 0xFF];
                }
                dst.put(from, v);
            });
            batch.set(e.getKey(), out);
        }
    }
}
