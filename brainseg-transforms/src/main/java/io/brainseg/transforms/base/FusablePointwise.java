package io.brainseg.transforms.base;

import io.brainseg.core.transform.BatchTransform;
import java.util.List;

/**
 * A deterministic transform whose output element depends only on the input element at the same
 * place (a cast, a linear intensity map). On UINT8 input such a map is fully described by what
 * it does to the 256 possible values, so {@link io.brainseg.transforms.Compose} runs a sequence
 * of them once on the values 0..255 and reads the loader's bytes through that table inside the
 * next kernel, instead of writing float32 copies of the whole batch. Running the transforms
 * themselves on the table is what makes the result bit-identical to applying them to the batch.
 */
public interface FusablePointwise extends BatchTransform {

    /**
     * Returns the keys this transform changes.
     *
     * @return the configured keys
     */
    List<String> getKeys();
}
