package io.brainseg.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Scalar operands that are safe inside an autograd graph on the PyTorch engine.
 *
 * <p>Why this exists: DJL's {@code NDArray} overloads that take a {@code Number}
 * ({@code mul(2)}, {@code div(n)}, {@code pow(g)}, {@code minimum(0)}, ...) wrap the number in a
 * 0-dimensional tensor created by {@code torch::from_blob} over a Java direct buffer, run the
 * tensor op and close the wrapper at once. libtorch does not own that memory: the Java
 * {@code ByteBuffer} does, and the garbage collector frees it once the wrapper is unreachable. When
 * the op saves its operand for the backward pass ({@code mul}, {@code div}, {@code pow},
 * {@code minimum}, {@code maximum} do; {@code add} and {@code sub} do not), a collection between
 * forward and backward leaves the graph pointing at freed memory: gradients then read whatever
 * was allocated there since (measured here: wrong gradients in every trial once the freed memory
 * is reused, and run-to-run differences that depend on the allocator; most likely also the crashes
 * inside {@code torchBackward} seen in long training runs). Operands from {@link #like} live in
 * memory libtorch allocated and reference-counts, so the graph keeps them alive.
 *
 * <p>Use these in every forward computation that can be differentiated (blocks, losses); number
 * overloads stay fine outside a {@code GradientCollector} and for {@code add}/{@code sub}.
 */
public final class Scalars {

    private Scalars() {}

    /**
     * Returns a 0-dimensional array holding {@code value}, with the data type, device and manager
     * of {@code array}, in memory owned by the engine.
     *
     * @param array the array the scalar will be combined with
     * @param value the value
     * @return a new 0-dimensional array on {@code array}'s manager
     */
    public static NDArray like(NDArray array, double value) {
        return of(array.getManager(), value, array.getDataType());
    }

    /**
     * Returns a 0-dimensional array holding {@code value} in memory owned by the engine.
     *
     * @param manager the manager (and device) of the new array
     * @param value the value
     * @param type the data type
     * @return a new 0-dimensional array
     */
    public static NDArray of(NDManager manager, double value, DataType type) {
        // create(double) aliases a Java buffer; duplicate() is an engine-owned copy of it
        try (NDArray wrapped = manager.create(value);
                NDArray owned = wrapped.duplicate()) {
            return owned.toType(type, true);
        }
    }
}
