/**
 * PyTorch's {@code torch.save} zip format ({@code .pt}, {@code .pth}, Lightning's {@code .ckpt}):
 * {@code ARCHIVE/data.pkl} (the object, pickled, with tensors as persistent ids naming their
 * storage), {@code ARCHIVE/data/KEY} (one raw little-endian file per storage),
 * {@code ARCHIVE/version} and {@code ARCHIVE/byteorder}. Read with the restricted unpickler of
 * {@link io.brainseg.models.interop.pickle}; written for {@code torch.load} to accept.
 */
package io.brainseg.models.interop.torch;
