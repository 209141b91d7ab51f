package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MONAI's attention gate ({@code AttentionBlock}) of the Attention U-Net.
 *
 * <p>Inputs {@code (g, x)}, both {@code N×C×H×W} at the same resolution (g is the upsampled
 * deeper feature). With 1×1 convolutions (bias) and batch norms:
 * {@code ψ = σ(BN(Conv(ReLU(BN(Conv_g(g)) + BN(Conv_x(x))))))} of shape {@code N×1×H×W}, output
 * {@code x·ψ} broadcast over channels. Parameters:
 * {@code 2(C·F + F + 2F) + (F + 1 + 2)} for {@code F = fInt}.
 */
public class AttentionBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SequentialBlock wG;
    private final SequentialBlock wX;
    private final SequentialBlock psi;

    AttentionBlock(Builder b) {
        super(VERSION);
        wG = addChildBlock("W_g", branch(b.fG, b.fInt));
        wX = addChildBlock("W_x", branch(b.fL, b.fInt));
        psi = addChildBlock("psi", branch(b.fInt, 1));
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static SequentialBlock branch(int in, int out) {
        SequentialBlock b = new SequentialBlock();
        b.add(Convolution.builder()
                .setInChannels(in)
                .setOutChannels(out)
                .optKernelSize(1)
                .optPadding(0)
                .optConvOnly(true)
                .build());
        b.add(ADN.newNorm(out, Norm.BATCH));
        return b;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray g = inputs.get(0);
        NDArray x = inputs.get(1);
        NDArray g1 = wG.forward(ps, new NDList(g), training, params).singletonOrThrow();
        NDArray x1 = wX.forward(ps, new NDList(x), training, params).singletonOrThrow();
        NDArray hidden = Activation.relu(g1.add(x1));
        NDArray p = psi.forward(ps, new NDList(hidden), training, params).singletonOrThrow();
        return new NDList(x.mul(Activation.sigmoid(p)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        wG.initialize(manager, dataType, inputShapes[0]);
        wX.initialize(manager, dataType, inputShapes[1]);
        psi.initialize(manager, dataType, wX.getOutputShapes(new Shape[] {inputShapes[1]}));
    }

    /** Builds an {@link AttentionBlock}; all three channel counts are required (MONAI's f_int, f_g, f_l). */
    public static final class Builder extends BlockBuilder<Builder> {
        private int fInt = -1;
        private int fG = -1;
        private int fL = -1;

        Builder() {
            super("AttentionBlock");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the intermediate channels F (MONAI's {@code f_int}, there C/2; required).
         *
         * @param fInt F ≥ 1
         * @return this builder
         */
        public Builder setIntermediateChannels(int fInt) {
            this.fInt = fInt;
            return this;
        }

        /**
         * Sets the channels of the gating signal g (MONAI's {@code f_g}; required).
         *
         * @param fG channels of g ≥ 1
         * @return this builder
         */
        public Builder setGateChannels(int fG) {
            this.fG = fG;
            return this;
        }

        /**
         * Sets the channels of the skip input x (MONAI's {@code f_l}; required).
         *
         * @param fL channels of x ≥ 1
         * @return this builder
         */
        public Builder setInputChannels(int fL) {
            this.fL = fL;
            return this;
        }

        /**
         * Builds the gate.
         *
         * @return the gate
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public AttentionBlock build() {
            require(fInt >= 1, "intermediateChannels", fInt);
            require(fG >= 1, "gateChannels", fG);
            require(fL >= 1, "inputChannels", fL);
            return new AttentionBlock(this);
        }
    }
}
