package io.brainseg.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.models.blocks.AttentionLayer;
import io.brainseg.models.blocks.ConvBlock;
import io.brainseg.models.blocks.Convolution;
import java.util.Map;

/**
 * MONAI's {@code AttentionUnet} (2-D; Oktay et al. 2018), block for block.
 *
 * <p>Input {@code N×inChannels×H×W} float32 with H, W divisible by the product of the strides;
 * output raw logits {@code N×outChannels×H×W}. The network is
 * {@code head → L_0 → reduce}: head is a {@link ConvBlock} {@code in→c0} at stride 1; level i is
 * an {@link AttentionLayer}{@code (ci, c(i+1))} whose submodule is
 * {@code ConvBlock(ci→c(i+1), stride si)} followed by level i+1 (nothing at the bottom); reduce
 * is a bare 1×1 convolution {@code c0→out}. ConvBlocks and up-convolutions use batch norm and
 * ReLU, the gates' merge convolutions instance norm and PReLU; dropout reaches the ConvBlocks and
 * merges but never the up-convolutions. For in=3, out=1, channels 16..256, strides 2×4:
 * 1,987,705 parameters.
 */
public class AttentionUNet extends SegmentationNetwork {

    /** The architecture name under which {@link AttentionUNetFactory} is registered. */
    public static final String ARCHITECTURE = "attention-unet";

    AttentionUNet(Builder b) {
        super("AttentionUNet", b);
        SequentialBlock seq = new SequentialBlock();
        seq.add(ConvBlock.builder()
                .setInChannels(inChannels)
                .setOutChannels(channels[0])
                .optKernelSize(kernelSize)
                .optDropout(dropout)
                .build());
        seq.add(createLayer(0));
        seq.add(Convolution.builder()
                .setInChannels(channels[0])
                .setOutChannels(outChannels)
                .optKernelSize(1)
                .optPadding(0)
                .optConvOnly(true)
                .build());
        setModel(seq);
    }

    private Block createLayer(int level) {
        ConvBlock down = ConvBlock.builder()
                .setInChannels(channels[level])
                .setOutChannels(channels[level + 1])
                .optKernelSize(kernelSize)
                .optStride(strides[level])
                .optDropout(dropout)
                .build();
        Block sub;
        if (channels.length - level > 2) {
            SequentialBlock seq = new SequentialBlock();
            seq.add(down);
            seq.add(createLayer(level + 1));
            sub = seq;
        } else {
            sub = down;
        }
        return AttentionLayer.builder()
                .setInChannels(channels[level])
                .setOutChannels(channels[level + 1])
                .setSubmodule(sub)
                .optUpKernelSize(upKernelSize)
                .optStride(strides[level])
                .optDropout(dropout)
                .build();
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ModelSpec getSpec() {
        Map<String, Object> p = commonSpec();
        p.put("dropout", dropout);
        return ModelSpec.of(ARCHITECTURE, p);
    }

    /**
     * Builds an {@link AttentionUNet}. Required: {@code inChannels}, {@code outChannels},
     * {@code channels}, {@code strides}. Defaults as MONAI: kernel sizes 3, no dropout.
     */
    public static final class Builder extends NetworkBuilder<Builder> {

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Builds the network.
         *
         * @return the network, uninitialised
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public AttentionUNet build() {
            validateShape("AttentionUNet");
            for (int i = 0; i < channels.length - 1; i++) {
                if (channels[i] < 2) {
                    throw new IllegalArgumentException("AttentionUNet: channels[" + i + "] = " + channels[i]
                            + " is too small for an attention gate (needs ≥ 2)");
                }
            }
            validateKernels("AttentionUNet");
            validateDropout("AttentionUNet");
            return new AttentionUNet(this);
        }
    }
}
