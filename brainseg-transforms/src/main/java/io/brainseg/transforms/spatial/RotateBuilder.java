package io.brainseg.transforms.spatial;

import io.brainseg.transforms.base.Backend;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings shared by the builders of {@link Rotate} and {@link RandRotate}.
 *
 * @param <T> the concrete builder
 */
public abstract class RotateBuilder<T extends RotateBuilder<T>> extends SpatialTransform.SpatialBuilder<T> {

    private InterpolationMode mode = InterpolationMode.BILINEAR;
    private PaddingMode padding = PaddingMode.BORDER;
    private Set<String> maskKeys = Set.of("mask");
    private Backend backend = Backend.AUTO;
    private boolean alignCorners;

    /** Creates the builder with the spatial default keys. */
    protected RotateBuilder() {}

    /**
     * Sets the interpolation of keys that are not mask keys (default bilinear).
     *
     * @param mode the interpolation
     * @return this builder
     */
    public T optMode(InterpolationMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return self();
    }

    /**
     * Sets the padding (default border, MONAI's default for Rotate).
     *
     * @param padding the padding mode
     * @return this builder
     */
    public T optPaddingMode(PaddingMode padding) {
        this.padding = Objects.requireNonNull(padding, "paddingMode");
        return self();
    }

    /**
     * Sets the keys that are always resampled with nearest (default {@code mask}); pass none to
     * resample every key with {@link #optMode}.
     *
     * @param keys the mask keys
     * @return this builder
     */
    public T optMaskKeys(String... keys) {
        this.maskKeys = new LinkedHashSet<>(Arrays.asList(keys));
        return self();
    }

    /**
     * Chooses the implementation (default {@link Backend#AUTO}: fused kernel on CPU,
     * arrays elsewhere).
     *
     * @param backend the backend
     * @return this builder
     */
    public T optBackend(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        return self();
    }

    /**
     * MONAI's {@code align_corners} (default false). Only false is supported: the sampling
     * formula is the one MONAI uses with its default; true fails in {@code build()}.
     *
     * @param alignCorners must be false
     * @return this builder
     */
    public T optAlignCorners(boolean alignCorners) {
        this.alignCorners = alignCorners;
        return self();
    }

    /**
     * Checks the shared settings and returns the resampler.
     *
     * @return the rotator
     * @throws IllegalArgumentException if alignCorners is true
     */
    Rotator rotator() {
        validateKeys();
        if (alignCorners) {
            throw new IllegalArgumentException("alignCorners must be false (MONAI's default), got true: not supported");
        }
        return new Rotator(mode, padding, Set.copyOf(maskKeys), backend);
    }
}
