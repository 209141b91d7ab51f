/**
 * Utility transforms under MONAI's names: {@code EnsureChannelFirst}, {@code CastToType} and
 * {@code ToDevice}.
 */
package io.brainseg.transforms.utility;
