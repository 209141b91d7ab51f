package io.brainseg.models.interop.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.models.interop.tensor.StateDict;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** safetensors: element types decoded to the values they encode, and malformed headers refused by tensor name. */
class SafetensorsReaderTest {

    /** A file of the given header and data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    static byte[] shorts(int... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int s : v) {
            b.putShort((short) s);
        }
        return b.array();
    }

    @Test
    void halfBfloatAndInt64DecodeToTheValuesTheirBitsEncode() {
        // F16 0x3C00 = 1, 0xC000 = −2, 0x3800 = 0.5; BF16 0x3F80 = 1, 0xC040 = −3; I64 −5.
        ByteBuffer data = ByteBuffer.allocate(6 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
        data.put(shorts(0x3C00, 0xC000, 0x3800)).put(shorts(0x3F80, 0xC040)).putLong(-5);
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[10,18]},\"__metadata__\":{\"format\":\"pt\"}}";
        try (NDManager m = NDManager.newBaseManager()) {
            StateDict sd = SafetensorsReader.read(file(header, data.array()), m);
            assertThat(sd.keys()).containsExactly("h", "b", "n");
            assertThat(sd.get("h").getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(sd.get("h").toType(DataType.FLOAT32, false).toFloatArray())
                    .containsExactly(1f, -2f, 0.5f);
            // bfloat16 is widened to float32 on reading (exact).
            assertThat(sd.get("b").getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(sd.get("b").toFloatArray()).containsExactly(1f, -3f);
            assertThat(sd.get("n").getShape()).isEqualTo(new Shape());
            assertThat(sd.get("n").toLongArray()).containsExactly(-5L);
        }
    }

    @Test
    void writerOutputReadsBackAlignedAndUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> in = new LinkedHashMap<>();
            in.put("w", m.create(new float[] {0.25f, -1f, 3e-8f, 7f, 8f, 9f}, new Shape(2, 3)));
            in.put("c", m.create(12L).reshape(new Shape()));
            byte[] bytes = SafetensorsWriter.toBytes(new StateDict(in));
            long headerLength =
                    ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(headerLength % 8).isZero();
            assertThat(bytes.length).isEqualTo(8 + headerLength + 6 * 4 + 8);
            StateDict out = SafetensorsReader.read(bytes, m);
            assertThat(out.keys()).containsExactly("w", "c");
            assertThat(out.get("w").getShape()).isEqualTo(new Shape(2, 3));
            assertThat(out.get("w").toFloatArray()).containsExactly(0.25f, -1f, 3e-8f, 7f, 8f, 9f);
            assertThat(out.get("c").toLongArray()).containsExactly(12L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "offsets beyond the data | {\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,400]}} | "
                        + "tensor 'w': data_offsets [0, 400] are outside the 16 data bytes",
                "size not matching the shape | {\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}} | "
                        + "tensor 'w': data_offsets [0, 12] hold 12 bytes but F32 [2,2] needs 16",
                "end before begin | {\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}} | "
                        + "tensor 'w': data_offsets [8, 4] are outside",
                "negative begin | {\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}} | tensor 'w'",
                "overlapping tensors | {\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}} | "
                        + "tensor 'b' (bytes 4..12) overlaps tensor 'a' (bytes 0..8)",
                "unknown dtype | {\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}} | "
                        + "tensor 'w': dtype 'F8_E4M3' is not supported",
                "missing offsets | {\"w\":{\"dtype\":\"F32\",\"shape\":[4]}} | tensor 'w'",
                "negative dimension | {\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}} | "
                        + "tensor 'w': negative dimension",
                "not JSON | {\"w\": | not valid JSON"
            })
    void malformedHeaderIsRefusedNamingTheTensor(String what, String header, String message) {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> SafetensorsReader.read(file(header, new byte[16]), m))
                    .as(what)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message);
        }
    }

    @Test
    void headerLongerThanTheFileIsRefused() {
        byte[] f = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> SafetensorsReader.read(f, m)).hasMessageContaining("header length 1099511627776");
            assertThatThrownBy(() -> SafetensorsReader.read(new byte[5], m))
                    .hasMessageContaining("shorter than the 8-byte");
        }
    }
}
