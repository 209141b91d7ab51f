package io.brainseg.models.interop.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The restricted unpickler reads plain data as Python does and refuses every global it was not given. */
@SuppressWarnings("unchecked")
class RestrictedUnpicklerTest {

    @TempDir
    Path tmp;

    private static RestrictedUnpickler plain() {
        return RestrictedUnpickler.builder()
                .addGlobal("collections", "OrderedDict", args -> new LinkedHashMap<>())
                .build();
    }

    /** A Python 3.11 {@code pickle.dumps(…, protocol=2)} of a dict of lists, tuples, numbers and strings. */
    @Test
    void readsWhatPythonPickledAsPlainJavaValues() {
        // pickle.dumps({'a': [1, -2, 3.5, 300, 70000], 'b': (True, None, False), 'c': 2**70,
        //               'd': 'é', 'e': (1, 2)}, protocol=2)
        byte[] p = HexFormat.of()
                .parseHex("80027d71002858010000006171015d7102284b014afeffffff47400c0000000000004d2c01"
                        + "4a70110100655801000000627103884e8987710458010000006371058a0900000000000000004058010000006471065802"
                        + "000000c3a9710758010000006571084b014b02867109752e");
        Object o = plain().load(p);
        assertThat(o).isInstanceOf(Map.class);
        Map<Object, Object> m = (Map<Object, Object>) o;
        assertThat(m.keySet()).containsExactly("a", "b", "c", "d", "e");
        assertThat((List<Object>) m.get("a")).containsExactly(1L, -2L, 3.5, 300L, 70000L);
        assertThat((List<Object>) m.get("b")).containsExactly(true, null, false);
        assertThat(m.get("c")).isEqualTo(BigInteger.TWO.pow(70));
        assertThat(m.get("d")).isEqualTo("é");
        assertThat((List<Object>) m.get("e")).containsExactly(1L, 2L);
    }

    @Test
    void readsAnOrderedDictThroughItsAllowedGlobalWithMemoReferences() {
        // od = OrderedDict(x=[1], y=[1]); pickle.dumps(od, protocol=2)
        byte[] p = HexFormat.of()
                .parseHex("800263636f6c6c656374696f6e730a4f726465726564446963740a710029527101285801"
                        + "0000007871025d71034b016158010000007971045d71054b0161752e");
        Map<Object, Object> m = (Map<Object, Object>) plain().load(p);
        assertThat(m.keySet()).containsExactly("x", "y");
        assertThat((List<Object>) m.get("y")).containsExactly(1L);
    }

    @Test
    void readsProtocolFourFramesAndShortStrings() {
        // pickle.dumps({'k': ('s', -1)}, protocol=4)
        byte[] p = HexFormat.of().parseHex("80049513000000000000007d948c016b948c0173944affffffff8694732e");
        Map<Object, Object> m = (Map<Object, Object>) plain().load(p);
        assertThat((List<Object>) m.get("k")).containsExactly("s", -1L);
    }

    @Test
    void refusesOsSystemAndRunsNothing() {
        Path marker = tmp.resolve("pwned");
        byte[] p = call("os", "system", "touch " + marker);
        assertThatThrownBy(() -> plain().load(p))
                .isInstanceOf(PickleException.class)
                .hasMessageContaining("refusing global 'os.system'")
                .hasMessageContaining("byte offset 2");
        assertThat(Files.exists(marker)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "builtins eval",
                "builtins exec",
                "subprocess Popen",
                "posix system",
                "torch.nn.modules.conv Conv2d",
                "monai.networks.nets.unet UNet",
                "__builtin__ getattr"
            })
    void refusesEveryGlobalOutsideTheAllowList(String global) {
        String[] mn = global.split(" ");
        assertThatThrownBy(() -> plain().load(call(mn[0], mn[1], "1+1")))
                .isInstanceOf(PickleException.class)
                .hasMessageContaining("'" + mn[0] + "." + mn[1] + "'");
    }

    @Test
    void refusesAGlobalNamedThroughStackGlobal() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x80, 4});
        shortString(b, "builtins");
        shortString(b, "eval");
        b.write(0x93); // STACK_GLOBAL
        shortString(b, "print(1)");
        b.write(0x85);
        b.write('R');
        b.write('.');
        assertThatThrownBy(() -> plain().load(b.toByteArray())).hasMessageContaining("'builtins.eval'");
    }

    @Test
    void refusesCallingAGlobalAllowedOnlyAsAValue() {
        RestrictedUnpickler u = RestrictedUnpickler.builder()
                .addGlobal("torch", "FloatStorage", null)
                .build();
        byte[] p = new PickleWriter()
                .global("torch", "FloatStorage")
                .emptyTuple()
                .reduce()
                .stop()
                .toByteArray();
        assertThatThrownBy(() -> u.load(p))
                .hasMessageContaining("'torch.FloatStorage', which may appear but not be called");
    }

    @Test
    void refusesOpcodesOutsideTheSupportedSet() {
        // INST (protocol 0): imports and calls a class named inline.
        byte[] p = "(ios\nsystem\nS'ls'\n.".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> plain().load(p)).hasMessageContaining("opcode 0x69 ('i') is not supported");
    }

    @Test
    void refusesTruncatedStreams() {
        byte[] full = new PickleWriter()
                .mark()
                .string("hello")
                .integer(100000)
                .tupleFromMark()
                .stop()
                .toByteArray();
        for (int cut = 3; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            assertThatThrownBy(() -> plain().load(part)).as("cut at " + cut).isInstanceOf(PickleException.class);
        }
        assertThat((List<Object>) plain().load(full)).containsExactly("hello", 100000L);
    }

    @Test
    void pickleWriterOutputReadsBack() {
        byte[] p = new PickleWriter()
                .global("collections", "OrderedDict")
                .emptyTuple()
                .reduce()
                .mark()
                .string("w")
                .integer(-7)
                .string("big")
                .integer(1L << 40)
                .string("t")
                .bool(true)
                .setItems()
                .stop()
                .toByteArray();
        Map<Object, Object> m = (Map<Object, Object>) plain().load(p);
        assertThat(m)
                .containsExactly(
                        Map.entry("w", (Object) (-7L)), Map.entry("big", (Object) (1L << 40)), Map.entry("t", (Object)
                                true));
    }

    /** {@code module.name(arg)} pickled: GLOBAL, the argument tuple, REDUCE. */
    static byte[] call(String module, String name, String arg) {
        return new PickleWriter()
                .global(module, name)
                .mark()
                .string(arg)
                .tupleFromMark()
                .reduce()
                .stop()
                .toByteArray();
    }

    private static void shortString(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(0x8c);
        b.write(bytes.length);
        b.writeBytes(bytes);
    }
}
