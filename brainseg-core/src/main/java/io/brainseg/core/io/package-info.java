/**
 * File helpers for state that must survive a crash: {@link io.brainseg.core.io.AtomicFiles} writes a
 * file or a whole directory under a temporary name and moves it into place atomically, so a reader
 * sees either the old or the new content, never half of it.
 */
package io.brainseg.core.io;
