package io.brainseg.models.interop.safetensors;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.models.interop.tensor.StateDict;
import io.brainseg.models.interop.tensor.TensorTypes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link StateDict} as a {@code .safetensors} file: the tensors in the state dict's
 * order, packed without gaps, the JSON header padded with spaces to a multiple of 8 bytes (as the
 * Python library does, so the data is aligned), {@code "__metadata__": {"format": "pt"}}. The file
 * is written atomically.
 */
public final class SafetensorsWriter {

    private SafetensorsWriter() {}

    /**
     * Writes a file.
     *
     * @param stateDict the tensors
     * @param file the target, replaced atomically
     * @throws IOException if writing fails (the previous file, if any, is then intact)
     * @throws IllegalArgumentException if a tensor's type has no safetensors name
     */
    public static void write(StateDict stateDict, Path file) throws IOException {
        AtomicFiles.writeBytes(file, toBytes(stateDict));
    }

    /**
     * Encodes a state dict.
     *
     * @param stateDict the tensors
     * @return the file's bytes
     */
    public static byte[] toBytes(StateDict stateDict) {
        JsonObject header = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty("format", "pt");
        header.add("__metadata__", meta);
        List<byte[]> data = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> e : stateDict.asMap().entrySet()) {
            NDArray a = e.getValue();
            byte[] bytes = TensorTypes.toLittleEndian(a);
            JsonObject o = new JsonObject();
            o.addProperty("dtype", TensorTypes.toSafetensors(a.getDataType()));
            JsonArray shape = new JsonArray();
            for (long d : a.getShape().getShape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes.length);
            o.add("data_offsets", offsets);
            header.add(e.getKey(), o);
            data.add(bytes);
            offset += bytes.length;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out =
                ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        data.forEach(out::put);
        return out.array();
    }
}
