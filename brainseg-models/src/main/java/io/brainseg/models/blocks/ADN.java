package io.brainseg.models.blocks;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

/**
 * MONAI's ADN unit in its "NDA" order: Norm → Dropout → Act, applied to an {@code N×C×H×W}
 * array; the output has the same shape.
 *
 * <ul>
 *   <li>Norm: {@link Norm#INSTANCE} is {@link InstanceNorm2d} without affine parameters (0
 *       parameters); {@link Norm#BATCH} is batch norm over axis 1 with γ, β (2C parameters) and
 *       running statistics (eps 1e-5, PyTorch momentum 0.1).</li>
 *   <li>Dropout with rate p; left out when p = 0 (an identity, as MONAI's {@code Dropout(0)}).</li>
 *   <li>Act: {@link PReLU} (1 parameter, 0.25) or {@link ReLU}.</li>
 * </ul>
 */
public class ADN extends SequentialBlock {

    private final Norm norm;
    private final double dropout;
    private final Act act;

    ADN(Builder b) {
        this.norm = b.norm;
        this.dropout = b.dropout;
        this.act = b.act;
        add(newNorm(b.channels, b.norm));
        if (b.dropout > 0) {
            add(Dropout.builder().optRate((float) b.dropout).build());
        }
        add(b.act == Act.PRELU ? new PReLU() : new ReLU());
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
     * Creates the normalisation block MONAI's {@code Norm[name, 2](channels)} stands for.
     *
     * @param channels C
     * @param norm the normalisation
     * @return a new block keeping the input's shape
     */
    public static ai.djl.nn.Block newNorm(int channels, Norm norm) {
        if (norm == Norm.INSTANCE) {
            return InstanceNorm2d.builder().setChannels(channels).build();
        }
        // DJL's momentum weights the running value: 0.9 here is PyTorch's momentum 0.1.
        return BatchNorm.builder()
                .optAxis(1)
                .optEpsilon(1e-5f)
                .optMomentum(0.9f)
                .build();
    }

    /** @return the normalisation */
    public Norm getNorm() {
        return norm;
    }

    /** @return the dropout rate */
    public double getDropout() {
        return dropout;
    }

    /** @return the activation */
    public Act getAct() {
        return act;
    }

    /** Builds an {@link ADN} unit; the channel count is required (see {@link PerChannelBuilder}). */
    public static final class Builder extends PerChannelBuilder<Builder> {
        private Norm norm = Norm.INSTANCE;
        private double dropout;
        private Act act = Act.PRELU;

        Builder() {
            super("ADN");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the normalisation (default {@link Norm#INSTANCE}).
         *
         * @param norm the normalisation
         * @return this builder
         */
        public Builder optNorm(Norm norm) {
            this.norm = norm;
            return this;
        }

        /**
         * Sets the dropout rate (default 0: no dropout layer).
         *
         * @param dropout 0 ≤ p &lt; 1
         * @return this builder
         */
        public Builder optDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Sets the activation (default {@link Act#PRELU}).
         *
         * @param act the activation
         * @return this builder
         */
        public Builder optAct(Act act) {
            this.act = act;
            return this;
        }

        /**
         * Builds the unit.
         *
         * @return the unit
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public ADN build() {
            validateChannelCount();
            requireDropout(dropout);
            requireNonNull(norm, "norm");
            requireNonNull(act, "act");
            return new ADN(this);
        }
    }
}
