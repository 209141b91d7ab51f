/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian data. It holds only
 * data, which makes it the safest way to move weights between PyTorch and the JVM.
 */
package io.brainseg.models.interop.safetensors;
