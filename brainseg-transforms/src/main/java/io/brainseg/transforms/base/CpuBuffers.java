package io.brainseg.transforms.base;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Zero-copy access to the memory of CPU arrays, for the fused CPU kernels. On the PyTorch engine
 * {@code toByteBuffer(true)} of a contiguous CPU tensor is a view of its memory (a
 * non-contiguous view is made contiguous first), and a tensor created by
 * {@code create(shape, dtype)} is uninitialised memory the kernel fills through its view. This is
 * much cheaper than {@code toFloatArray()} / {@code create(float[])}, which each copy the data
 * through the heap.
 */
public final class CpuBuffers {

    private CpuBuffers() {}

    /**
     * Tells whether arrays of {@code manager} live in host memory.
     *
     * @param manager the manager
     * @return true for the CPU device
     */
    public static boolean isCpu(NDManager manager) {
        return Device.Type.CPU.equals(manager.getDevice().getDeviceType());
    }

    /**
     * Returns the bytes of a CPU array in native order, position 0.
     *
     * @param array a CPU array
     * @return a direct buffer over its memory (or over a contiguous copy)
     */
    public static ByteBuffer bytes(NDArray array) {
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder());
    }

    /**
     * Returns the values of a float32 CPU array.
     *
     * @param array a float32 CPU array
     * @return a float view of its memory
     */
    public static FloatBuffer floats(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    "expected a float32 array, got " + array.getDataType() + " of shape " + array.getShape());
        }
        return bytes(array).asFloatBuffer();
    }

    /**
     * Creates an uninitialised CPU array that a kernel fills through {@link #bytes}.
     *
     * @param manager the step manager
     * @param shape the shape
     * @param type the data type
     * @return the array
     */
    public static NDArray empty(NDManager manager, Shape shape, DataType type) {
        return manager.create(shape, type);
    }
}
