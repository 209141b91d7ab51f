/**
 * The tensors the weight-file readers and writers exchange: {@link
 * io.brainseg.models.interop.tensor.StateDict} (named arrays in file order, as PyTorch's state dict)
 * and the dtype and byte-order conversions between the files' encodings and DJL's data types. The
 * format packages ({@code safetensors}, {@code torch}) and the MONAI facades of the parent package
 * depend on this one; it depends on neither.
 */
package io.brainseg.models.interop.tensor;
