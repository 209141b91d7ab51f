/**
 * Blocks DJL's PyTorch engine lacks or gets wrong ({@link io.brainseg.models.blocks.Conv2dLayer},
 * which convolves through {@code io.brainseg.core.engine.ConvPadding}, {@link io.brainseg.models.blocks.ConvTranspose2d},
 * {@link io.brainseg.models.blocks.InstanceNorm2d}, {@link io.brainseg.models.blocks.PReLU}) and MONAI's
 * building blocks made from them (ADN, Convolution, ResidualUnit, SkipConnection, and the Attention
 * U-Net's ConvBlock, AttentionBlock, AttentionLayer).
 */
package io.brainseg.models.blocks;
