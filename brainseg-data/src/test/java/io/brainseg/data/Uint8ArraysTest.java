package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Uint8ArraysTest {

    @Test
    void arrayOwnsItsBytesAfterTheSourceChanges() {
        try (NDManager m = NDManager.newBaseManager()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(6);
            direct.put(new byte[] {1, 2, 3, 4, 5, (byte) 200}).flip();
            byte[] heap = {9, 8, 7, 6, 5, 4};
            NDArray a = Uint8Arrays.copyOf(m, direct, new Shape(2, 3));
            NDArray b = Uint8Arrays.copyOf(m, heap, new Shape(3, 2));
            direct.put(0, (byte) 42);
            heap[0] = 42;
            assertThat(a.getDataType()).isEqualTo(DataType.UINT8);
            assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(a.toByteArray()).containsExactly(1, 2, 3, 4, 5, 200);
            assertThat(b.toByteArray()).containsExactly(9, 8, 7, 6, 5, 4);
        }
    }

    @Test
    void rejectsWrongByteCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Uint8Arrays.copyOf(m, new byte[5], new Shape(2, 3)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(2, 3)")
                    .hasMessageContaining("5");
        }
    }
}
