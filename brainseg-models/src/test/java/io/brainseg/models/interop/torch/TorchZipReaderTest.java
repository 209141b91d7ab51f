package io.brainseg.models.interop.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.models.interop.pickle.PickleWriter;
import io.brainseg.models.interop.tensor.StateDict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** torch.save archives: strided tensors, hostile pickles, truncated and inconsistent archives. */
class TorchZipReaderTest {

    @TempDir
    Path tmp;

    @Test
    void stridedTensorIsGatheredAsTorchViewsIt() throws IOException {
        // A 3×2 view with stride (1, 3) and offset 1 of a 7-element storage 0..6: element (i, j)
        // is storage[1 + i + 3j], the transpose of a 2×3 block.
        float[] storage = {0, 1, 2, 3, 4, 5, 6};
        Path file = archive(
                tensorPickle("FloatStorage", 7, 1, new long[] {3, 2}, new long[] {1, 3}), Map.of("0", floats(storage)));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = TorchZipReader.readStateDict(file, m).get("t");
            assertThat(t.getShape()).isEqualTo(new Shape(3, 2));
            float[] expected = new float[6];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    expected[i * 2 + j] = storage[1 + i + 3 * j];
                }
            }
            assertThat(t.toFloatArray()).containsExactly(expected);
        }
    }

    @Test
    void int64ScalarReadsWithItsType() throws IOException {
        Path file = archive(
                tensorPickle("LongStorage", 1, 0, new long[0], new long[0]),
                Map.of(
                        "0",
                        ByteBuffer.allocate(8)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .putLong(-42)
                                .array()));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = TorchZipReader.readStateDict(file, m).get("t");
            assertThat(t.getDataType()).isEqualTo(DataType.INT64);
            assertThat(t.getShape().dimension()).isZero();
            assertThat(t.toLongArray()).containsExactly(-42L);
        }
    }

    @Test
    void pickleNamingOsSystemIsRefusedByName() throws IOException {
        Path marker = tmp.resolve("pwned");
        byte[] hostile = new PickleWriter()
                .global("os", "system")
                .mark()
                .string("touch " + marker)
                .tupleFromMark()
                .reduce()
                .stop()
                .toByteArray();
        Path file = archive(hostile, Map.of());
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> TorchZipReader.load(file, m))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("refusing global 'os.system'");
        }
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void truncatedArchiveIsRefused() throws IOException, URISyntaxException {
        byte[] golden = Files.readAllBytes(Path.of(
                getClass().getResource("/golden/interop/unet_f8_res2.pt").toURI()));
        for (int keep : new int[] {golden.length / 2, golden.length - 10, 100}) {
            Path cut = tmp.resolve("cut" + keep + ".pt");
            Files.write(cut, java.util.Arrays.copyOf(golden, keep));
            try (NDManager m = NDManager.newBaseManager()) {
                assertThatThrownBy(() -> TorchZipReader.readStateDict(cut, m))
                        .as("%d bytes", keep)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(cut.toString())
                        .hasMessageContaining("not a readable torch.save zip archive");
            }
        }
    }

    static Stream<Arguments> inconsistentArchives() {
        // name, numel the pickle states, offset, size, stride, float32 elements stored (-1: no
        // storage entry), what the message must say
        return Stream.of(
                Arguments.of(
                        "storage shorter than the pickle states",
                        6L,
                        0L,
                        new long[] {2, 3},
                        new long[] {3, 1},
                        5,
                        new String[] {"storage archive/data/0 holds 20 bytes", "6 float32 elements (24 bytes)"}),
                Arguments.of(
                        "tensor reaching beyond its storage",
                        4L,
                        2L,
                        new long[] {2, 2},
                        new long[] {2, 1},
                        4,
                        new String[] {"reaches element 5 of storage 0, which holds 4"}),
                Arguments.of("huge storage", 1L << 40, 0L, new long[] {1}, new long[] {1}, -1, new String[] {
                    "larger than the 2 GiB"
                }),
                Arguments.of(
                        "overflowing strides",
                        4L,
                        0L,
                        new long[] {1L << 40, 1L << 40},
                        new long[] {1L << 40, 1},
                        4,
                        new String[] {"overflows"}),
                Arguments.of("missing storage", 4L, 0L, new long[] {4}, new long[] {1}, -1, new String[] {
                    "storage archive/data/0 is missing"
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inconsistentArchives")
    void anInconsistentArchiveIsRefusedSayingWhy(
            String name, long numel, long offset, long[] size, long[] stride, int stored, String[] expected)
            throws IOException {
        Path file = archive(
                tensorPickle("FloatStorage", numel, offset, size, stride),
                stored < 0 ? Map.of() : Map.of("0", floats(new float[stored])));
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> TorchZipReader.readStateDict(file, m))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll(expected);
        }
    }

    @Test
    void writerOutputReadsBackWithTypesAndOrder() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> in = new LinkedHashMap<>();
            in.put("z.weight", m.arange(24f).reshape(2, 3, 2, 2));
            in.put("a.num_batches_tracked", m.create(7L).reshape(new Shape()));
            in.put("m.bias", m.create(new float[] {-1.5f}));
            Path file = tmp.resolve("w.pt");
            TorchZipWriter.write(new StateDict(in), file);
            StateDict out = TorchZipReader.readStateDict(file, m);
            assertThat(out.keys()).containsExactly("z.weight", "a.num_batches_tracked", "m.bias");
            assertThat(out.get("z.weight").toFloatArray())
                    .containsExactly(in.get("z.weight").toFloatArray());
            assertThat(out.get("z.weight").getShape()).isEqualTo(new Shape(2, 3, 2, 2));
            assertThat(out.get("a.num_batches_tracked").getDataType()).isEqualTo(DataType.INT64);
            assertThat(out.get("a.num_batches_tracked").toLongArray()).containsExactly(7L);
            assertThat(out.get("m.bias").toFloatArray()).containsExactly(-1.5f);
        }
    }

    /** {@code {'t': _rebuild_tensor_v2(storage '0', offset, size, stride, False, OrderedDict())}}. */
    static byte[] tensorPickle(String storageClass, long numel, long offset, long[] size, long[] stride) {
        PickleWriter p = new PickleWriter();
        p.global("collections", "OrderedDict").emptyTuple().reduce().mark().string("t");
        p.global("torch._utils", "_rebuild_tensor_v2").mark();
        p.mark()
                .string("storage")
                .global("torch", storageClass)
                .string("0")
                .string("cpu")
                .integer(numel)
                .tupleFromMark()
                .persistentId();
        p.integer(offset).mark();
        for (long s : size) {
            p.integer(s);
        }
        p.tupleFromMark().mark();
        for (long s : stride) {
            p.integer(s);
        }
        p.tupleFromMark()
                .bool(false)
                .global("collections", "OrderedDict")
                .emptyTuple()
                .reduce();
        return p.tupleFromMark().reduce().setItems().stop().toByteArray();
    }

    Path archive(byte[] pickle, Map<String, byte[]> storages) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(b)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                zip.putNextEntry(new ZipEntry("archive/data/" + e.getKey()));
                zip.write(e.getValue());
            }
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path file = Files.createTempFile(tmp, "t", ".pt");
        Files.write(file, b.toByteArray());
        return file;
    }

    static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
