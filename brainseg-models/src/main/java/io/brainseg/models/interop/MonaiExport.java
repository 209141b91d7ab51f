package io.brainseg.models.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.brainseg.models.interop.safetensors.SafetensorsWriter;
import io.brainseg.models.interop.tensor.StateDict;
import io.brainseg.models.interop.torch.TorchZipWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a brainseg network's weights under MONAI's keys, shapes and dtypes, in MONAI's order:
 * {@code UNet(...).load_state_dict(torch.load(f))} or
 * {@code load_state_dict(safetensors.torch.load_file(f))} then gives the same network in Python.
 *
 * <p>Parameters and batch-norm running statistics are float32; each batch norm's
 * {@code num_batches_tracked} is an int64 scalar holding the count given (0 by default), since
 * DJL's batch norm keeps none and MONAI's (momentum 0.1) does not use it.
 */
public final class MonaiExport {

    private MonaiExport() {}

    /**
     * Collects the network's state dict.
     *
     * @param block an initialised brainseg network
     * @param manager receives the {@code num_batches_tracked} scalars; the other entries are the
     *     block's own parameter arrays (not copies)
     * @param batchesTracked the value written for every {@code num_batches_tracked}
     * @return MONAI's keys → arrays, in MONAI's order
     */
    public static StateDict stateDict(Block block, NDManager manager, long batchesTracked) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (MonaiKeys.Key k : MonaiKeys.of(block).keys()) {
            out.put(
                    k.key(),
                    k.parameter() != null
                            ? k.parameter().getArray()
                            : manager.create(batchesTracked).reshape(k.shape()));
        }
        return new StateDict(out);
    }

    /**
     * Writes the network's weights as safetensors (F32, counters I64).
     *
     * @param block an initialised brainseg network
     * @param file the target, replaced atomically
     * @throws IOException if writing fails
     */
    public static void toSafetensors(Block block, Path file) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            SafetensorsWriter.write(stateDict(block, m, 0), file);
        }
    }

    /**
     * Writes the network's weights as {@code torch.save(model.state_dict())} would.
     *
     * @param block an initialised brainseg network
     * @param file the target ({@code .pt}/{@code .pth}), replaced atomically
     * @throws IOException if writing fails
     */
    public static void toTorchStateDict(Block block, Path file) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            TorchZipWriter.write(stateDict(block, m, 0), file);
        }
    }
}
