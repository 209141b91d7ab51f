package io.brainseg.models.interop;

import ai.djl.ndarray.NDManager;
import io.brainseg.models.interop.safetensors.SafetensorsReader;
import io.brainseg.models.interop.tensor.StateDict;
import io.brainseg.models.interop.torch.TorchZipReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the state dict of any of the three files PyTorch users hold weights in, told apart by
 * their first bytes (not the extension): a zip archive ({@code PK\3\4}) is a {@code torch.save}
 * file, {@code .pt}/{@code .pth} or a Lightning {@code .ckpt}; anything else is read as
 * safetensors.
 */
public final class WeightFiles {

    private WeightFiles() {}

    /** The container a weight file uses. */
    public enum Format {
        /** safetensors: header JSON and raw data. */
        SAFETENSORS,
        /** PyTorch's zip format ({@code torch.save}): {@code .pt}, {@code .pth}, {@code .ckpt}. */
        TORCH_ZIP
    }

    /**
     * Tells the format of a file from its first bytes.
     *
     * @param file the file
     * @return its format
     * @throws IOException if the file cannot be read
     */
    public static Format detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4
                ? Format.TORCH_ZIP
                : Format.SAFETENSORS;
    }

    /**
     * Reads a state dict: a safetensors file, a {@code torch.save}d state dict, or the
     * {@code state_dict} entry of a Lightning checkpoint (keys still prefixed by the
     * LightningModule's attribute).
     *
     * @param file the file
     * @param manager receives the tensors (the caller closes it)
     * @return the tensors in the file's order
     * @throws IllegalArgumentException naming the file and the problem if it is malformed or
     *     hostile
     * @throws IOException if the file cannot be read
     */
    public static StateDict read(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("weight file " + file + " does not exist");
        }
        return detect(file) == Format.TORCH_ZIP
                ? TorchZipReader.readStateDict(file, manager)
                : SafetensorsReader.read(file, manager);
    }
}
