package io.brainseg.models.interop.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The tensor element types PyTorch files hold, under their three names: DJL's {@link DataType},
 * the safetensors dtype string ({@code F32}, {@code F16}, {@code BF16}, {@code I64}, …) and the
 * {@code torch.*Storage} class {@code torch.save} names ({@code FloatStorage}, …). Also copies
 * little-endian bytes, the byte order both formats store, into NDArrays and back.
 */
public final class TensorTypes {

    private static final Map<String, DataType> SAFETENSORS = Map.of(
            "F32",
            DataType.FLOAT32,
            "F64",
            DataType.FLOAT64,
            "F16",
            DataType.FLOAT16,
            "BF16",
            DataType.BFLOAT16,
            "I64",
            DataType.INT64,
            "I32",
            DataType.INT32,
            "I16",
            DataType.INT16,
            "I8",
            DataType.INT8,
            "U8",
            DataType.UINT8,
            "BOOL",
            DataType.BOOLEAN);

    private static final Map<String, DataType> STORAGES = Map.of(
            "FloatStorage",
            DataType.FLOAT32,
            "DoubleStorage",
            DataType.FLOAT64,
            "HalfStorage",
            DataType.FLOAT16,
            "BFloat16Storage",
            DataType.BFLOAT16,
            "LongStorage",
            DataType.INT64,
            "IntStorage",
            DataType.INT32,
            "ShortStorage",
            DataType.INT16,
            "CharStorage",
            DataType.INT8,
            "ByteStorage",
            DataType.UINT8,
            "BoolStorage",
            DataType.BOOLEAN);

    private TensorTypes() {}

    /**
     * Returns the type of a safetensors dtype string.
     *
     * @param name e.g. {@code F32}
     * @return the DJL type, or null if the name is not one of F32, F64, F16, BF16, I64, I32, I16,
     *     I8, U8, BOOL
     */
    public static DataType fromSafetensors(String name) {
        return SAFETENSORS.get(name);
    }

    /**
     * Returns the safetensors name of a type.
     *
     * @param type a DJL type
     * @return e.g. {@code F32}
     * @throws IllegalArgumentException if the format has no name for it
     */
    public static String toSafetensors(DataType type) {
        return SAFETENSORS.entrySet().stream()
                .filter(e -> e.getValue() == type)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no safetensors dtype for " + type));
    }

    /**
     * Returns the type of a {@code torch.*Storage} class name.
     *
     * @param storageClass e.g. {@code FloatStorage}
     * @return the DJL type, or null if it is not a known storage class
     */
    public static DataType fromTorchStorage(String storageClass) {
        return STORAGES.get(storageClass);
    }

    /**
     * Returns the names of the {@code torch.*Storage} classes this library reads.
     *
     * @return e.g. {@code FloatStorage}, {@code LongStorage}
     */
    public static Iterable<String> torchStorageNames() {
        return STORAGES.keySet();
    }

    /**
     * Returns the {@code torch.*Storage} class of a type.
     *
     * @param type a DJL type
     * @return e.g. {@code FloatStorage}
     * @throws IllegalArgumentException if there is none
     */
    public static String toTorchStorage(DataType type) {
        return STORAGES.entrySet().stream()
                .filter(e -> e.getValue() == type)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no torch storage class for " + type));
    }

    /**
     * Creates an NDArray from little-endian element bytes.
     *
     * @param manager owns the result
     * @param data the bytes
     * @param offset where the first element starts in {@code data}
     * @param type the element type
     * @param shape the shape; {@code shape.size()·type.getNumOfBytes()} bytes are read
     * @return a new array on {@code manager}; bfloat16 data comes back as float32 (exactly: a
     *     bfloat16 is the upper half of a float32), since DJL's PyTorch engine aborts the process
     *     when asked to create a bfloat16 array from a buffer
     */
    public static NDArray create(NDManager manager, byte[] data, int offset, DataType type, Shape shape) {
        if (type == DataType.BFLOAT16) {
            return widenBfloat16(manager, data, offset, shape);
        }
        int width = type.getNumOfBytes();
        int n = Math.toIntExact(shape.size() * width);
        ByteBuffer buf = manager.allocateDirect(n).order(ByteOrder.nativeOrder());
        buf.put(data, offset, n);
        if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
            swap(buf, width);
        }
        buf.rewind();
        return manager.create(buf, shape, type);
    }

    /**
     * Returns an array's elements as little-endian bytes.
     *
     * @param array the array (any device)
     * @return {@code size·width} bytes
     */
    public static byte[] toLittleEndian(NDArray array) {
        ByteBuffer buf = array.toByteBuffer();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        if (buf.order() == ByteOrder.BIG_ENDIAN) {
            swap(ByteBuffer.wrap(out), array.getDataType().getNumOfBytes());
        }
        return out;
    }

    private static NDArray widenBfloat16(NDManager manager, byte[] data, int offset, Shape shape) {
        int n = Math.toIntExact(shape.size());
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int lo = data[offset + 2 * i] & 0xff;
            int hi = data[offset + 2 * i + 1] & 0xff;
            out[i] = Float.intBitsToFloat((hi << 24) | (lo << 16));
        }
        return manager.create(out, shape);
    }

    private static void swap(ByteBuffer buf, int width) {
        if (width == 1) {
            return;
        }
        int limit = buf.limit();
        for (int i = 0; i < limit; i += width) {
            for (int a = 0, b = width - 1; a < b; a++, b--) {
                byte t = buf.get(i + a);
                buf.put(i + a, buf.get(i + b));
                buf.put(i + b, t);
            }
        }
    }
}
