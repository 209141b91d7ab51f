package io.brainseg.transforms;

import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.base.FusablePointwise;
import io.brainseg.transforms.intensity.FusableIntensity;
import io.brainseg.transforms.intensity.IntensityPlan;
import io.brainseg.transforms.spatial.SpatialPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How {@link Compose} runs a fused pipeline on CPU batches: the longest stretch of
 * <em>pointwise → spatial → intensity</em> transforms from the current position is written once.
 * A run of {@link FusablePointwise} transforms on UINT8 keys (the cast and the 0..1 scaling of
 * the reference pipelines) becomes a 256-entry table per key ({@link PointwiseTables}); the
 * spatial run ({@link SpatialPlan}) reads the bytes through it; the intensity run after it
 * ({@link IntensityPlan}) is applied to each output row before the row is written. Every part
 * draws from the generator in pipeline order before anything is computed, and computes what the
 * transforms compute one by one, so the result is bit-identical to the unfused pipeline; any
 * part that cannot join runs as it did alone.
 */
final class FusedRun {

    private FusedRun() {}

    /**
     * Runs the fusable stretch starting at {@code from}, or the transform there alone.
     *
     * @param transforms the pipeline
     * @param from the index of the next transform to run
     * @param batch the batch
     * @param rng the generator
     * @return the index of the next transform to run (greater than {@code from})
     */
    static int runFrom(List<BatchTransform> transforms, int from, SampleBatch batch, RandomGenerator rng) {
        BatchTransform t = transforms.get(from);
        if (t instanceof FusableIntensity) {
            return IntensityPlan.runFrom(transforms, from, batch, rng);
        }
        if (!(t instanceof FusablePointwise)) {
            return spatialFrom(transforms, from, batch, rng, Map.of());
        }
        int next = PointwiseTables.endOfRun(transforms, from);
        Map<String, float[]> tables = PointwiseTables.probe(transforms.subList(from, next), batch);
        if (tables.isEmpty()) {
            t.apply(batch, rng);
            return from + 1;
        }
        if (next == transforms.size()) {
            PointwiseTables.apply(batch, tables);
            return next;
        }
        return spatialFrom(transforms, next, batch, rng, tables);
    }

    /** A spatial run at {@code from} reading tabled keys through their tables, then its intensity tail. */
    private static int spatialFrom(
            List<BatchTransform> transforms,
            int from,
            SampleBatch batch,
            RandomGenerator rng,
            Map<String, float[]> tables) {
        SpatialPlan spatial = SpatialPlan.plan(transforms, from, batch, rng);
        if (spatial == null) {
            if (tables.isEmpty()) {
                transforms.get(from).apply(batch, rng);
                return from + 1;
            }
            PointwiseTables.apply(batch, tables);
            return from;
        }
        int end = spatial.end();
        IntensityPlan tail = null;
        if (end < transforms.size() && transforms.get(end) instanceof FusableIntensity) {
            tail = IntensityPlan.plan(
                    transforms,
                    end,
                    batch,
                    rng,
                    key -> spatial.getKeys().contains(key)
                            && (tables.containsKey(key) || batch.get(key).getDataType() == DataType.FLOAT32));
        }
        Map<String, float[]> rest = new LinkedHashMap<>(tables);
        rest.keySet().removeAll(spatial.getKeys());
        PointwiseTables.apply(batch, rest);
        spatial.execute(batch, tables, tail);
        return tail == null ? end : tail.end();
    }
}
