package io.brainseg.models.interop.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.brainseg.models.interop.tensor.StateDict;
import io.brainseg.models.interop.tensor.TensorTypes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file into a {@link StateDict}.
 *
 * <p>Layout: {@code u64 n} (little-endian), {@code n} bytes of JSON
 * {@code {"name": {"dtype": "F32", "shape": [8, 3, 3, 3], "data_offsets": [begin, end]}, …,
 * "__metadata__": {…}}}, then the data; offsets are relative to the data's start. Before any
 * tensor is created every entry is checked: a known dtype (F32, F16, BF16, F64, I64, I32, I16,
 * I8, U8, BOOL), a non-negative shape, {@code 0 ≤ begin ≤ end ≤ data length},
 * {@code end − begin = elements × width}, and no two byte ranges overlapping. A failed check
 * names the tensor.
 */
public final class SafetensorsReader {

    /** Headers longer than this are refused (the format's own limit is 100 MB). */
    static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {}

    /**
     * Reads a file.
     *
     * @param file the {@code .safetensors} file
     * @param manager receives the tensors (the caller closes it)
     * @return the tensors in the header's order
     * @throws IllegalArgumentException naming the file and the tensor or problem if malformed
     * @throws IOException if the file cannot be read
     */
    public static StateDict read(Path file, NDManager manager) throws IOException {
        try {
            return read(Files.readAllBytes(file), manager);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the bytes of a file.
     *
     * @param bytes the whole file
     * @param manager receives the tensors
     * @return the tensors in the header's order
     * @throws IllegalArgumentException naming the tensor or problem if malformed
     */
    public static StateDict read(byte[] bytes, NDManager manager) {
        if (bytes.length < 8) {
            throw new IllegalArgumentException(
                    "not a safetensors file: " + bytes.length + " bytes, shorter than " + "the 8-byte header length");
        }
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER || n > bytes.length - 8L) {
            throw new IllegalArgumentException("not a safetensors file or truncated: header length " + n
                    + " for a file of " + bytes.length + " bytes");
        }
        JsonObject header;
        try {
            JsonElement el = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
            if (!el.isJsonObject()) {
                throw new IllegalArgumentException("the safetensors header is not a JSON object");
            }
            header = el.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("the safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) n;
        long dataLength = bytes.length - (long) dataStart;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            entries.add(entry(e.getKey(), e.getValue(), dataLength));
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry prev = byOffset.get(i - 1);
            Entry cur = byOffset.get(i);
            if (cur.begin() < prev.end() && cur.end() > cur.begin()) {
                throw new IllegalArgumentException(
                        "tensor '" + cur.name() + "' (bytes " + cur.begin() + ".." + cur.end() + ") overlaps tensor '"
                                + prev.name() + "' (bytes " + prev.begin() + ".." + prev.end() + ")");
            }
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            out.put(e.name(), TensorTypes.create(manager, bytes, dataStart + (int) e.begin(), e.type(), e.shape()));
        }
        return new StateDict(out);
    }

    private record Entry(String name, DataType type, Shape shape, long begin, long end) {}

    private static Entry entry(String name, JsonElement value, long dataLength) {
        try {
            JsonObject o = value.getAsJsonObject();
            String dtype = o.get("dtype").getAsString();
            DataType type = TensorTypes.fromSafetensors(dtype);
            if (type == null) {
                throw new IllegalArgumentException("tensor '" + name + "': dtype '" + dtype + "' is not supported "
                        + "(F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)");
            }
            JsonArray dims = o.getAsJsonArray("shape");
            long[] shape = new long[dims.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).getAsLong();
                if (shape[i] < 0) {
                    throw new IllegalArgumentException("tensor '" + name + "': negative dimension in shape " + dims);
                }
                elements = Math.multiplyExact(elements, shape[i]);
            }
            JsonArray offsets = o.getAsJsonArray("data_offsets");
            if (offsets == null || offsets.size() != 2) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "': data_offsets must be [begin, end], got " + offsets);
            }
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            if (begin < 0 || end < begin || end > dataLength) {
                throw new IllegalArgumentException("tensor '" + name + "': data_offsets [" + begin + ", " + end
                        + "] are outside the " + dataLength + " data bytes");
            }
            long expected = Math.multiplyExact(elements, type.getNumOfBytes());
            if (end - begin != expected) {
                throw new IllegalArgumentException("tensor '" + name + "': data_offsets [" + begin + ", " + end
                        + "] hold " + (end - begin) + " bytes but " + dtype + " " + dims + " needs " + expected);
            }
            return new Entry(name, type, new Shape(shape), begin, end);
        } catch (IllegalStateException
                | NullPointerException
                | UnsupportedOperationException
                | NumberFormatException
                | ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + name + "': malformed header entry " + value, e);
        }
    }
}
