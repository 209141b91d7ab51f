/**
 * MONAI weights in and out: {@link io.brainseg.models.interop.MonaiImport} loads a state dict
 * saved in Python (safetensors, {@code torch.save}, a Lightning checkpoint) into a brainseg
 * {@code UNet} or {@code AttentionUNet}, checking every key, shape and dtype;
 * {@link io.brainseg.models.interop.MonaiExport} writes a brainseg network back under MONAI's
 * keys. The key names come from walking the block tree ({@link io.brainseg.models.interop.MonaiKeys}).
 * Files are read as data only: the pickle inside a {@code torch.save} file is interpreted by a
 * restricted reader that never runs code from it.
 */
package io.brainseg.models.interop;
