package io.brainseg.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Creates UINT8 arrays that own a copy of some bytes, fast.
 *
 * <p>Why not {@code manager.create(buffer, shape, UINT8)}: on the PyTorch engine a direct buffer is
 * wrapped, not copied (so is {@code set(directBuffer)}; {@code toType(UINT8, true)} returns the same
 * memory too), and a heap array goes through a fresh {@code ByteBuffer.allocateDirect}, which costs
 * ~10-20 ms per 3 MB once the JVM's direct-memory accounting forces GCs. Here, on a CPU device, the
 * bytes are written straight into the memory of a new tensor (~0.25 ms per 3 MB); on other devices
 * a wrapped view is copied to the device.
 */
public final class Uint8Arrays {

    private Uint8Arrays() {}

    /**
     * Creates a UINT8 array of {@code shape} holding a copy of {@code data}'s remaining bytes.
     *
     * @param manager the manager (and device) of the new array
     * @param data the bytes, {@code shape.size()} of them from its position; its position advances
     *     to its limit on a CPU device, and is left unchanged otherwise
     * @param shape the shape
     * @return a new array that does not share memory with {@code data}
     * @throws IllegalArgumentException if the number of bytes differs from {@code shape.size()}
     */
    public static NDArray copyOf(NDManager manager, ByteBuffer data, Shape shape) {
        if (data.remaining() != shape.size()) {
            throw new IllegalArgumentException(
                    "shape " + shape + " needs " + shape.size() + " bytes, got " + data.remaining());
        }
        if (Device.Type.CPU.equals(manager.getDevice().getDeviceType())) {
            NDArray array = manager.create(shape, DataType.UINT8);
            ByteBuffer target = array.toByteBuffer(true);
            if (target.isDirect() && target.capacity() == data.remaining()) {
                target.put(data);
                return array;
            }
            array.close();
        }
        ByteBuffer direct = data.isDirect()
                ? data.duplicate()
                : ByteBuffer.allocateDirect(data.remaining())
                        .put(data.duplicate())
                        .flip();
        try (NDArray view = manager.create(direct, shape, DataType.UINT8)) {
            return view.duplicate();
        }
    }

    /**
     * Creates a UINT8 array of {@code shape} holding a copy of {@code data}.
     *
     * @param manager the manager (and device) of the new array
     * @param data the bytes, {@code shape.size()} of them
     * @param shape the shape
     * @return a new array
     * @throws IllegalArgumentException if the number of bytes differs from {@code shape.size()}
     */
    public static NDArray copyOf(NDManager manager, byte[] data, Shape shape) {
        return copyOf(manager, ByteBuffer.wrap(data), shape);
    }
}
