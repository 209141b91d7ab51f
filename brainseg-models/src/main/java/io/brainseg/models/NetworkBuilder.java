package io.brainseg.models;

import io.brainseg.core.model.ModelSpec;

/**
 * Settings and checks shared by the {@link UNet} and {@link AttentionUNet} builders: spatial
 * dimensions, in/out channels, channels and strides per level, the two kernel sizes and dropout.
 * Messages name the network, the setting and the value.
 *
 * @param <B> the concrete builder
 */
abstract class NetworkBuilder<B extends NetworkBuilder<B>> {
    int spatialDims = 2;
    int inChannels = -1;
    int outChannels = -1;
    int[] channels;
    int[] strides;
    int kernelSize = 3;
    int upKernelSize = 3;
    double dropout;

    NetworkBuilder() {}

    abstract B self();

    /**
     * Sets the number of spatial dimensions; only 2 is supported (default 2).
     *
     * @param spatialDims 2
     * @return this builder
     */
    public B optSpatialDims(int spatialDims) {
        this.spatialDims = spatialDims;
        return self();
    }

    /**
     * Sets the input channels (required), e.g. 3 for the LGG slices.
     *
     * @param inChannels ≥ 1
     * @return this builder
     */
    public B setInChannels(int inChannels) {
        this.inChannels = inChannels;
        return self();
    }

    /**
     * Sets the output channels (required), e.g. 1 for a binary mask's logits.
     *
     * @param outChannels ≥ 1
     * @return this builder
     */
    public B setOutChannels(int outChannels) {
        this.outChannels = outChannels;
        return self();
    }

    /**
     * Sets the channels per level, top to bottom (required), e.g. 16, 32, 64, 128, 256.
     *
     * @param channels at least 2 positive values
     * @return this builder
     */
    public B setChannels(int... channels) {
        this.channels = channels.clone();
        return self();
    }

    /**
     * Sets the strides between levels (required), one fewer than the channels, e.g. 2, 2, 2, 2.
     *
     * @param strides positive values
     * @return this builder
     */
    public B setStrides(int... strides) {
        this.strides = strides.clone();
        return self();
    }

    /**
     * Sets the kernel size of the down convolutions (UNet: also the residual units; AttentionUNet:
     * the ConvBlocks) (default 3).
     *
     * @param kernelSize an odd value ≥ 1
     * @return this builder
     */
    public B optKernelSize(int kernelSize) {
        this.kernelSize = kernelSize;
        return self();
    }

    /**
     * Sets the kernel size of the transposed convolutions (default 3).
     *
     * @param upKernelSize an odd value ≥ 1
     * @return this builder
     */
    public B optUpKernelSize(int upKernelSize) {
        this.upKernelSize = upKernelSize;
        return self();
    }

    /**
     * Sets the dropout rate (default 0): UNet applies it in every ADN unit, AttentionUNet in the
     * ConvBlocks and merge convolutions.
     *
     * @param dropout 0 ≤ p &lt; 1
     * @return this builder
     */
    public B optDropout(double dropout) {
        this.dropout = dropout;
        return self();
    }

    /**
     * Applies the shared settings of a saved spec: the required ones always, the optional ones
     * when present (absent ones keep MONAI's defaults).
     */
    B applySpec(ModelSpec spec) {
        setInChannels(spec.getInt("inChannels"));
        setOutChannels(spec.getInt("outChannels"));
        setChannels(spec.getIntArray("channels"));
        setStrides(spec.getIntArray("strides"));
        if (spec.has("spatialDims")) {
            optSpatialDims(spec.getInt("spatialDims"));
        }
        if (spec.has("kernelSize")) {
            optKernelSize(spec.getInt("kernelSize"));
        }
        if (spec.has("upKernelSize")) {
            optUpKernelSize(spec.getInt("upKernelSize"));
        }
        if (spec.has("dropout")) {
            optDropout(spec.getDouble("dropout"));
        }
        return self();
    }

    /** Checks dimensions, in/out channels, and channels and strides. */
    void validateShape(String network) {
        if (spatialDims != 2) {
            throw new IllegalArgumentException(
                    network + ": spatialDims = " + spatialDims + " is not supported (only 2)");
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException(network + ": invalid inChannels = " + inChannels);
        }
        if (outChannels < 1) {
            throw new IllegalArgumentException(network + ": invalid outChannels = " + outChannels);
        }
        NetworkInput.checkChannelsAndStrides(network, channels, strides);
    }

    /** Checks the two kernel sizes (odd, ≥ 1). */
    void validateKernels(String network) {
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException(network + ": invalid kernelSize = " + kernelSize + " (must be odd)");
        }
        if (upKernelSize < 1 || upKernelSize % 2 == 0) {
            throw new IllegalArgumentException(network + ": invalid upKernelSize = " + upKernelSize + " (must be odd)");
        }
    }

    /** Checks the dropout rate (in [0, 1)). */
    void validateDropout(String network) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(network + ": invalid dropout = " + dropout + " (must be in [0, 1))");
        }
    }
}
