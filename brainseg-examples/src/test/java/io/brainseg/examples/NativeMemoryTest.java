package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    @Test
    void theEnginesOwnOutOfMemoryFailureBecomesOneLineWithTheSizeAndTheAdvice() {
        // 2^42 floats (16 TiB): libtorch's CPU allocator refuses it at once on any machine.
        Throwable thrown;
        try (NDManager m = NDManager.newBaseManager()) {
            thrown = catchThrowable(() -> m.zeros(new Shape(1L << 42), DataType.FLOAT32));
        }
        assertThat(thrown).isInstanceOf(EngineException.class);
        RuntimeException explained = NativeMemory.explain((EngineException) thrown, "lower --batch (16)");
        assertThat(explained).isInstanceOf(IllegalArgumentException.class).hasCause(thrown);
        assertThat(explained.getMessage())
                .isEqualTo("out of native (CPU) memory: allocating 16.0 TiB failed; lower --batch (16)");
        assertThat(explained.getMessage()).doesNotContain("\n");
    }

    @Test
    void aGpuOutOfMemoryNamesTheSizeTooAndOtherFailuresPassUnchanged() {
        EngineException gpu = new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79 GiB "
                + "total capacity)\nException raised from malloc at ...");
        assertThat(NativeMemory.explain(gpu, "lower --batch (16)").getMessage())
                .isEqualTo("out of GPU memory: allocating 2.00 GiB failed; lower --batch (16)");
        EngineException other = new EngineException("Expected 4-dimensional input");
        assertThat(NativeMemory.explain(other, "x")).isSameAs(other);
    }

    @Test
    void sizesAreHumanReadable() {
        assertThat(NativeMemory.human(512)).isEqualTo("512 B");
        assertThat(NativeMemory.human(1536)).isEqualTo("1.5 KiB");
        assertThat(NativeMemory.human(3L << 30)).isEqualTo("3.0 GiB");
    }
}
