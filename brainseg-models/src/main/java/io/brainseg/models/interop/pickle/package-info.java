/**
 * A restricted reader and a minimal writer for Python's pickle format, as far as PyTorch's
 * {@code torch.save} uses it for state dicts.
 *
 * <p>{@link io.brainseg.models.interop.pickle.RestrictedUnpickler} interprets the opcodes as data:
 * it builds maps, lists, tuples, numbers and strings, and resolves a global name only through an
 * allow-list the caller supplies (Java code written for that name). Any other global is refused by
 * name before anything is built, so a hostile file cannot run code: nothing in the file is ever
 * executed. {@link io.brainseg.models.interop.pickle.PickleWriter} emits the protocol-2 opcodes a
 * state dict needs.
 */
package io.brainseg.models.interop.pickle;
