package io.brainseg.transforms;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.intensity.IntensityPlan;
import io.brainseg.transforms.spatial.SpatialPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A sequence of transforms applied in order (MONAI's {@code Compose}); itself a
 * {@link BatchTransform}, so pipelines nest.
 *
 * <p>Build one with {@link Transforms#compose()}. {@link #splitDeterministicPrefix()} separates the
 * leading deterministic transforms (apply them once and cache the result, MONAI's
 * {@code CacheDataset} idea) from the random suffix that runs every epoch; applying the prefix and
 * then the suffix equals applying the whole pipeline.
 *
 * <p>On CPU batches, consecutive spatial transforms (flips, then a keep-size rotation, then crops,
 * with the same keys) are planned together and resampled once ({@link SpatialPlan}, MONAI's lazy
 * resampling idea), and consecutive random scale / shift / noise transforms run in one pass
 * ({@link IntensityPlan}). A cast and intensity map of UINT8 input before a spatial run is read
 * through a 256-entry table inside it, and an intensity run after it is applied as its rows are
 * written, so the reference training pipeline writes the batch once. All of it is bit-identical
 * to applying the transforms one by one.
 */
public final class Compose implements BatchTransform {

    private final List<BatchTransform> transforms;
    private final boolean fuse;

    Compose(List<BatchTransform> transforms, boolean fuse) {
        this.transforms = List.copyOf(transforms);
        this.fuse = fuse;
    }

    /**
     * Returns the transforms, in order.
     *
     * @return an unmodifiable list
     */
    public List<BatchTransform> getTransforms() {
        return transforms;
    }

    /**
     * Applies every transform in order with the same generator.
     *
     * @param batch the batch, transformed in place
     * @param rng the source of per-sample randomness
     */
    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(rng, "rng");
        if (!fuse) {
            for (BatchTransform t : transforms) {
                t.apply(batch, rng);
            }
            return;
        }
        int i = 0;
        while (i < transforms.size()) {
            i = FusedRun.runFrom(transforms, i, batch, rng);
        }
    }

    /**
     * Tells whether any transform is random.
     *
     * @return true if the pipeline depends on the generator
     */
    @Override
    public boolean isRandom() {
        return transforms.stream().anyMatch(BatchTransform::isRandom);
    }

    /**
     * Splits the pipeline at its first random transform.
     *
     * @return the deterministic prefix (cacheable) and the rest
     */
    public Split splitDeterministicPrefix() {
        int i = 0;
        while (i < transforms.size() && !transforms.get(i).isRandom()) {
            i++;
        }
        return new Split(
                new Compose(transforms.subList(0, i), fuse),
                new Compose(transforms.subList(i, transforms.size()), fuse));
    }

    /**
     * Wraps this pipeline with its own generator seeded by {@code seed}, for standalone use.
     *
     * @param seed the seed
     * @return a seeded pipeline
     */
    public SeededPipeline seeded(long seed) {
        return new SeededPipeline(this, seed);
    }

    @Override
    public String toString() {
        return "Compose" + transforms;
    }

    /**
     * A pipeline split into a deterministic, cacheable prefix and the remaining suffix.
     *
     * @param deterministicPrefix the leading transforms that ignore the generator
     * @param randomSuffix the transforms from the first random one on (may contain deterministic
     *     ones after it)
     */
    public record Split(Compose deterministicPrefix, Compose randomSuffix) {}

    /** Builds a {@link Compose}. */
    public static final class Builder {

        private final List<BatchTransform> transforms = new ArrayList<>();
        private boolean fuse = true;

        Builder() {}

        /**
         * Plans consecutive spatial transforms ({@link SpatialPlan}) and consecutive per-sample
         * intensity transforms ({@link IntensityPlan}) together on CPU batches and runs each run
         * in one pass (default true); the result is bit-identical to applying them one by one, so
         * this only saves memory traffic.
         *
         * @param fuse whether to fuse
         * @return this builder
         */
        public Builder optFuse(boolean fuse) {
            this.fuse = fuse;
            return this;
        }

        /**
         * Appends a transform.
         *
         * @param transform the transform
         * @return this builder
         */
        public Builder add(BatchTransform transform) {
            transforms.add(Objects.requireNonNull(transform, "transform"));
            return this;
        }

        /**
         * Appends several transforms.
         *
         * @param more the transforms, in order
         * @return this builder
         */
        public Builder addAll(BatchTransform... more) {
            for (BatchTransform t : more) {
                add(t);
            }
            return this;
        }

        /**
         * Builds the pipeline.
         *
         * @return the pipeline (an empty pipeline is the identity)
         */
        public Compose build() {
            return new Compose(transforms, fuse);
        }
    }
}
