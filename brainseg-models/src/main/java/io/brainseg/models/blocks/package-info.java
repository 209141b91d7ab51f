/**
 * Blocks DJL's PyTorch engine lacks or gets wrong ({@link io.brainseg.models.blocks.Conv2dLayer},
 * which convolves through {@code io.brainseg.core.engine.ConvPadding}, {@link io.brainseg.models.blocks.ConvTranspose2d},
 * {@link io.brainseg.models.blocks.InstanceNorm2d}, {@link io.brainseg.models.blocks.PReLU}) and MONAI's
 * building blocks made from them (ADN, Convolution, ResidualUnit, SkipConnection, and the Attention
 * U-Net's ConvBlock, AttentionBlock, AttentionLayer).
 *
 * <p>Their builders share one generic base, {@link io.brainseg.models.blocks.BlockBuilder}, in
 * DJL's style (setters return {@code self()}; {@code build()} rejects a setting naming the block,
 * the setting and the value), with small setter groups on top of it:
 * {@link io.brainseg.models.blocks.ChannelsBuilder}, {@link io.brainseg.models.blocks.ConvLayerBuilder},
 * {@link io.brainseg.models.blocks.ConvUnitBuilder}, {@link io.brainseg.models.blocks.AdnUnitBuilder},
 * {@link io.brainseg.models.blocks.PerChannelBuilder}. {@link io.brainseg.models.blocks.ConvLayer}
 * holds what the two convolution layers share.
 */
package io.brainseg.models.blocks;
