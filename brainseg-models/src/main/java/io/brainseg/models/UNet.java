package io.brainseg.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.models.blocks.Act;
import io.brainseg.models.blocks.Convolution;
import io.brainseg.models.blocks.Norm;
import io.brainseg.models.blocks.ResidualUnit;
import io.brainseg.models.blocks.SkipConnection;
import java.util.Arrays;
import java.util.Map;

/**
 * MONAI's {@code UNet} (2-D), block for block, so parameter counts and published
 * hyper-parameters carry over.
 *
 * <p>Input {@code N×inChannels×H×W} float32 with H, W divisible by the product of the strides;
 * output raw logits {@code N×outChannels×H×W}. With channels {@code c0..cn} and strides
 * {@code s0..s(n−1)} the network is {@code down_0 → skip(down_1 → … → bottom → …) → up_0}:
 * <ul>
 *   <li>down_i maps {@code c(i−1)→ci} with stride si: a {@link ResidualUnit} of
 *       {@code numResUnits} subunits, or one {@link Convolution} when numResUnits = 0;</li>
 *   <li>the bottom maps {@code c(n−1)→cn} at stride 1;</li>
 *   <li>up_i is a transposed {@link Convolution} (k = upKernelSize, output padding si−1) from the
 *       concatenated {@code [skip, deeper]} channels to {@code c(i−1)} (outChannels at the top),
 *       followed by a one-subunit ResidualUnit when numResUnits &gt; 0. At the top that unit's conv
 *       is bare (still added to its identity); with numResUnits = 0 the top transposed convolution
 *       is bare. There is no final activation.</li>
 * </ul>
 * For in=3, out=1, channels 16..256, strides 2×4, 2 residual units: 1,625,420 parameters.
 */
public class UNet extends SegmentationNetwork {

    /** The architecture name under which {@link UNetFactory} is registered. */
    public static final String ARCHITECTURE = "unet";

    private final int numResUnits;
    private final Act act;
    private final Norm norm;

    UNet(Builder b) {
        super("UNet", b);
        numResUnits = b.numResUnits;
        act = b.act;
        norm = b.norm;
        setModel(createBlock(inChannels, outChannels, 0, true));
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private Block createBlock(int inc, int outc, int level, boolean isTop) {
        int c = channels[level];
        int s = strides[level];
        Block sub;
        int upc;
        if (channels.length - level > 2) {
            sub = createBlock(c, c, level + 1, false);
            upc = c * 2;
        } else {
            sub = downLayer(c, channels[level + 1], 1);
            upc = c + channels[level + 1];
        }
        SequentialBlock block = new SequentialBlock();
        block.add(downLayer(inc, c, s));
        block.add(new SkipConnection(sub));
        block.add(upLayer(upc, outc, s, isTop));
        return block;
    }

    private Block downLayer(int in, int out, int stride) {
        if (numResUnits > 0) {
            return ResidualUnit.builder()
                    .setInChannels(in)
                    .setOutChannels(out)
                    .optStride(stride)
                    .optKernelSize(kernelSize)
                    .optSubunits(numResUnits)
                    .optAct(act)
                    .optNorm(norm)
                    .optDropout(dropout)
                    .build();
        }
        return Convolution.builder()
                .setInChannels(in)
                .setOutChannels(out)
                .optStride(stride)
                .optKernelSize(kernelSize)
                .optAct(act)
                .optNorm(norm)
                .optDropout(dropout)
                .build();
    }

    private Block upLayer(int in, int out, int stride, boolean isTop) {
        Convolution conv = Convolution.builder()
                .setInChannels(in)
                .setOutChannels(out)
                .optStride(stride)
                .optKernelSize(upKernelSize)
                .optAct(act)
                .optNorm(norm)
                .optDropout(dropout)
                .optTransposed(true)
                .optConvOnly(isTop && numResUnits == 0)
                .build();
        if (numResUnits == 0) {
            return conv;
        }
        SequentialBlock up = new SequentialBlock();
        up.add(conv);
        up.add(ResidualUnit.builder()
                .setInChannels(out)
                .setOutChannels(out)
                .optKernelSize(kernelSize)
                .optSubunits(1)
                .optAct(act)
                .optNorm(norm)
                .optDropout(dropout)
                .optLastConvOnly(isTop)
                .build());
        return up;
    }

    @Override
    public ModelSpec getSpec() {
        Map<String, Object> p = commonSpec();
        p.put("numResUnits", numResUnits);
        p.put("act", act);
        p.put("norm", norm);
        p.put("dropout", dropout);
        return ModelSpec.of(ARCHITECTURE, p);
    }

    /** @return the number of residual subunits per down layer (0: plain convolutions) */
    public int getNumResUnits() {
        return numResUnits;
    }

    /**
     * Builds a {@link UNet}. Required: {@code inChannels}, {@code outChannels}, {@code channels},
     * {@code strides}. Defaults as MONAI: kernel sizes 3, no residual units, PReLU, instance norm,
     * no dropout.
     */
    public static final class Builder extends NetworkBuilder<Builder> {
        private int numResUnits;
        private Act act = Act.PRELU;
        private Norm norm = Norm.INSTANCE;

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the number of residual subunits (default 0: plain convolutions).
         *
         * @param numResUnits ≥ 0
         * @return this builder
         */
        public Builder optNumResUnits(int numResUnits) {
            this.numResUnits = numResUnits;
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
         * Builds the network.
         *
         * @return the network, uninitialised
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public UNet build() {
            validateShape("UNet");
            validateKernels("UNet");
            if (numResUnits < 0) {
                throw new IllegalArgumentException("UNet: invalid numResUnits = " + numResUnits);
            }
            if (act == null || norm == null) {
                throw new IllegalArgumentException("UNet: act and norm must not be null");
            }
            validateDropout("UNet");
            return new UNet(this);
        }

        @Override
        public String toString() {
            return "UNet.Builder(channels=" + Arrays.toString(channels) + ", strides=" + Arrays.toString(strides) + ")";
        }
    }
}
