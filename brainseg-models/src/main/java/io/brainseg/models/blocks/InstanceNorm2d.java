package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Instance normalisation over the spatial axes of an {@code N×C×H×W} input (PyTorch's
 * {@code InstanceNorm2d} with {@code track_running_stats=False}), which DJL's PyTorch engine lacks.
 *
 * <p>For every (n, c): {@code y = (x − mean) / sqrt(var + eps)}, with mean and the biased variance
 * over H×W; with {@code affine}, then {@code y·γ[c] + β[c]} (γ = 1, β = 0 initially, 2C
 * parameters). MONAI's UNet uses {@code affine=false}: no parameters at all. The same computation
 * runs in training and inference.
 *
 * <p>It is PyTorch's layer norm with a normalised shape of H×W; the unit scale and zero shift that
 * call needs are created on the input's (step's) manager.
 */
public class InstanceNorm2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final float eps;
    private final boolean affine;
    private final Parameter gamma;
    private final Parameter beta;

    InstanceNorm2d(Builder b) {
        super(VERSION);
        channels = b.channels;
        eps = b.eps;
        affine = b.affine;
        if (affine) {
            gamma = addParameter(Parameter.builder()
                    .setName("gamma")
                    .setType(Parameter.Type.GAMMA)
                    .optShape(new Shape(channels))
                    .build());
            beta = addParameter(Parameter.builder()
                    .setName("beta")
                    .setType(Parameter.Type.BETA)
                    .optShape(new Shape(channels))
                    .build());
        } else {
            gamma = null;
            beta = null;
        }
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the number of channels C */
    public int getChannels() {
        return channels;
    }

    /** @return the epsilon added to the variance */
    public float getEps() {
        return eps;
    }

    /** @return whether a per-channel scale and shift are learnt */
    public boolean isAffine() {
        return affine;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        Nchw.require("InstanceNorm2d", s, channels);
        NDManager step = x.getManager();
        Shape spatial = new Shape(s.get(2), s.get(3));
        NDArray y;
        try (NDArray one = step.ones(spatial, x.getDataType());
                NDArray zero = step.zeros(spatial, x.getDataType())) {
            y = LayerNorm.layerNorm(x, spatial, one, zero, eps).singletonOrThrow();
        }
        if (affine) {
            NDArray g = ps.getValue(gamma, x.getDevice(), training).reshape(1, channels, 1, 1);
            NDArray b = ps.getValue(beta, x.getDevice(), training).reshape(1, channels, 1, 1);
            g.attach(step);
            b.attach(step);
            y = y.mul(g).add(b);
        }
        return new NDList(y);
    }

    @Override
    public String toString() {
        return "InstanceNorm2d(" + channels + ", eps=" + eps + ", affine=" + affine + ")";
    }

    /** Builds an {@link InstanceNorm2d}; the channel count is required (see {@link PerChannelBuilder}). */
    public static final class Builder extends PerChannelBuilder<Builder> {
        private float eps = 1e-5f;
        private boolean affine;

        Builder() {
            super("InstanceNorm2d");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets epsilon (default 1e-5).
         *
         * @param eps a positive value added to the variance
         * @return this builder
         */
        public Builder optEps(float eps) {
            this.eps = eps;
            return this;
        }

        /**
         * Sets whether to learn a per-channel scale and shift (default false, as MONAI's UNet).
         *
         * @param affine true for 2C parameters
         * @return this builder
         */
        public Builder optAffine(boolean affine) {
            this.affine = affine;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public InstanceNorm2d build() {
            validateChannelCount();
            require(eps > 0, "eps", eps);
            return new InstanceNorm2d(this);
        }
    }
}
