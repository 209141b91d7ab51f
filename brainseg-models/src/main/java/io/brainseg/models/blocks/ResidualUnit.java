package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MONAI's {@code ResidualUnit} in 2-D: {@code y = conv(x) + residual(x)}, nothing after the add.
 *
 * <ul>
 *   <li>conv: {@code subunits} {@link Convolution}s, the first {@code in→out} with the stride, the
 *       others {@code out→out} with stride 1; with {@code lastConvOnly} the last one is a bare
 *       convolution.</li>
 *   <li>residual: a {@code k×k} convolution with the same stride and padding when
 *       {@code stride ≠ 1} (a full 3×3, not 1×1), a 1×1 convolution when only the channel count
 *       changes, the identity otherwise.</li>
 * </ul>
 * Input {@code N×in×H×W}, output {@code N×out×H/s×W/s} (for even sizes and k=3).
 */
public class ResidualUnit extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block residual;
    private final SequentialBlock conv;

    ResidualUnit(Builder b) {
        super(VERSION);
        int inChannels = b.inChannels;
        int outChannels = b.outChannels;
        int stride = b.stride;
        int kernelSize = b.kernelSize;
        int subunits = b.subunits;
        Act act = b.act;
        Norm norm = b.norm;
        double dropout = b.dropout;
        boolean lastConvOnly = b.lastConvOnly;
        conv = new SequentialBlock();
        int channels = inChannels;
        int s = stride;
        for (int su = 0; su < subunits; su++) {
            conv.add(Convolution.builder()
                    .setInChannels(channels)
                    .setOutChannels(outChannels)
                    .optKernelSize(kernelSize)
                    .optStride(s)
                    .optAct(act)
                    .optNorm(norm)
                    .optDropout(dropout)
                    .optConvOnly(lastConvOnly && su == subunits - 1)
                    .build());
            channels = outChannels;
            s = 1;
        }
        if (stride != 1 || inChannels != outChannels) {
            int rk = stride != 1 ? kernelSize : 1;
            int rp = (rk - 1) / 2;
            // Registered first: MONAI computes the residual before the conv path.
            residual = addChildBlock("residual", Conv2dLayer.builder().setInChannels(inChannels)
                    .setOutChannels(outChannels).setKernelSize(rk).optStride(stride).optPadding(rp).build());
        } else {
            residual = null;
        }
        addChildBlock("conv", conv);
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the residual path.
     *
     * @return the residual convolution, or null for the identity
     */
    public Block getResidual() {
        return residual;
    }

    /**
     * Returns the conv path.
     *
     * @return the sequence of {@link Convolution}s
     */
    public SequentialBlock getConv() {
        return conv;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray res = residual == null
                ? inputs.singletonOrThrow()
                : residual.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray cx = conv.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(cx.add(res));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (residual != null) {
            residual.initialize(manager, dataType, inputShapes);
        }
        conv.initialize(manager, dataType, inputShapes);
    }

    /** Builds a {@link ResidualUnit}; channels are required. */
    public static final class Builder {
        private int inChannels = -1;
        private int outChannels = -1;
        private int stride = 1;
        private int kernelSize = 3;
        private int subunits = 2;
        private Act act = Act.PRELU;
        private Norm norm = Norm.INSTANCE;
        private double dropout;
        private boolean lastConvOnly;

        Builder() {}

        /**
         * Sets the input channels (required).
         *
         * @param inChannels C_in ≥ 1
         * @return this builder
         */
        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Sets the output channels (required).
         *
         * @param outChannels C_out ≥ 1
         * @return this builder
         */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /**
         * Sets the stride of the first subunit and of the residual path (default 1).
         *
         * @param stride s ≥ 1
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets the square kernel size (default 3).
         *
         * @param kernelSize k ≥ 1
         * @return this builder
         */
        public Builder optKernelSize(int kernelSize) {
            this.kernelSize = kernelSize;
            return this;
        }

        /**
         * Sets the number of convolutions on the conv path (default 2, MONAI's).
         *
         * @param subunits ≥ 1
         * @return this builder
         */
        public Builder optSubunits(int subunits) {
            this.subunits = subunits;
            return this;
        }

        /**
         * Sets the activation of the ADN units (default {@link Act#PRELU}).
         *
         * @param act the activation
         * @return this builder
         */
        public Builder optAct(Act act) {
            this.act = act;
            return this;
        }

        /**
         * Sets the normalisation of the ADN units (default {@link Norm#INSTANCE}).
         *
         * @param norm the normalisation
         * @return this builder
         */
        public Builder optNorm(Norm norm) {
            this.norm = norm;
            return this;
        }

        /**
         * Sets the dropout rate of the ADN units (default 0).
         *
         * @param dropout 0 ≤ p &lt; 1
         * @return this builder
         */
        public Builder optDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Makes the last subunit a bare convolution, without its ADN unit (default false; MONAI's
         * {@code last_conv_only}, used by the UNet's top layer).
         *
         * @param lastConvOnly true for a bare last convolution
         * @return this builder
         */
        public Builder optLastConvOnly(boolean lastConvOnly) {
            this.lastConvOnly = lastConvOnly;
            return this;
        }

        /**
         * Builds the unit.
         *
         * @return the unit
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public ResidualUnit build() {
            require(inChannels >= 1, "inChannels", inChannels);
            require(outChannels >= 1, "outChannels", outChannels);
            require(stride >= 1, "stride", stride);
            require(kernelSize >= 1, "kernelSize", kernelSize);
            require(subunits >= 1, "subunits", subunits);
            if (act == null || norm == null) {
                throw new IllegalArgumentException("ResidualUnit: act and norm must not be null");
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("ResidualUnit: invalid dropout = " + dropout);
            }
            return new ResidualUnit(this);
        }

        private static void require(boolean ok, String name, int value) {
            if (!ok) {
                throw new IllegalArgumentException("ResidualUnit: invalid " + name + " = " + value);
            }
        }
    }
}
