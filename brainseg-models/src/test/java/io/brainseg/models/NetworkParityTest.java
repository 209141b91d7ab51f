package io.brainseg.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.testing.Golden;
import io.brainseg.models.blocks.Conv2dLayer;
import io.brainseg.models.blocks.ConvTranspose2d;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parameter counts and convolution layer tables against MONAI's networks.json. */
class NetworkParityTest {

    static Stream<Arguments> networks() throws IOException {
        JsonObject root = JsonParser.parseString(Golden.read("networks.json")).getAsJsonObject();
        List<Arguments> out = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("networks")) {
            JsonObject n = e.getAsJsonObject();
            String name = n.get("arch").getAsString() + " f=" + n.get("f").getAsInt()
                    + (n.has("num_res_units") ? " R=" + n.get("num_res_units").getAsInt() : "")
                    + " dropout=" + n.get("dropout").getAsDouble();
            out.add(Arguments.of(name, n));
        }
        return out.stream();
    }

    static Stream<Arguments> layerTables() throws IOException {
        return networks().filter(a -> ((JsonObject) a.get()[1]).has("conv_layers"));
    }

    static Block build(JsonObject n) {
        int[] channels = ints(n.getAsJsonArray("channels"));
        int[] strides = ints(n.getAsJsonArray("strides"));
        double dropout = n.get("dropout").getAsDouble();
        if (n.get("arch").getAsString().equals("UNet")) {
            return UNet.builder()
                    .setInChannels(3)
                    .setOutChannels(1)
                    .setChannels(channels)
                    .setStrides(strides)
                    .optNumResUnits(n.get("num_res_units").getAsInt())
                    .optDropout(dropout)
                    .build();
        }
        return AttentionUNet.builder()
                .setInChannels(3)
                .setOutChannels(1)
                .setChannels(channels)
                .setStrides(strides)
                .optDropout(dropout)
                .build();
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void trainableParameterCountEqualsMonai(String name, JsonObject n) {
        Block net = build(n);
        try (NDManager m = NDManager.newBaseManager()) {
            net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 256, 256));
            long count = net.getParameters().values().stream()
                    .filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().size())
                    .sum();
            assertThat(count).isEqualTo(n.get("params").getAsLong());
            Shape out = net.getOutputShapes(new Shape[] {new Shape(1, 3, 256, 256)})[0];
            assertThat(out.getShape()).containsExactly(toLongs(ints(n.getAsJsonArray("output_shape"))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerTables")
    void everyConvolutionMatchesMonaiLayerTable(String name, JsonObject n) {
        Block net = build(n);
        try (NDManager m = NDManager.newBaseManager()) {
            net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 256, 256));
            List<JsonObject> actual = new ArrayList<>();
            collectConvs(net, actual);
            JsonArray expected = n.getAsJsonArray("conv_layers");
            assertThat(actual).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                JsonObject e = expected.get(i).getAsJsonObject().deepCopy();
                String layer = e.remove("name").getAsString();
                e.remove("macs");
                assertThat(actual.get(i)).as("conv #%d, MONAI's %s", i, layer).isEqualTo(e);
            }
        }
    }

    static long[] toLongs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    /** Walks the block tree depth-first; children are registered in execution order. */
    static void collectConvs(Block block, List<JsonObject> out) {
        if (block instanceof Conv2dLayer c) {
            Shape in = c.getInputShapes()[0];
            Shape o = c.getOutputShapes(c.getInputShapes())[0];
            out.add(row("Conv2d", in, o, c.getKernelSize(), c.getStride(), c.getPadding(), 0, c.hasBias(), c));
        } else if (block instanceof ConvTranspose2d t) {
            Shape in = t.getInputShapes()[0];
            Shape o = t.getOutputShapes(t.getInputShapes())[0];
            out.add(row(
                    "ConvTranspose2d",
                    in,
                    o,
                    t.getKernelSize(),
                    t.getStride(),
                    t.getPadding(),
                    t.getOutputPadding(),
                    t.hasBias(),
                    t));
        } else {
            for (Block child : block.getChildren().values()) {
                collectConvs(child, out);
            }
        }
    }

    static JsonObject row(String type, Shape in, Shape o, long k, long s, long p, long op, boolean bias, Block b) {
        JsonObject r = new JsonObject();
        r.addProperty("type", type);
        r.addProperty("in_ch", in.get(1));
        r.addProperty("out_ch", o.get(1));
        r.add("kernel", pair(k));
        r.add("stride", pair(s));
        r.add("padding", pair(p));
        r.add("output_padding", pair(op));
        r.addProperty("bias", bias);
        r.addProperty(
                "params",
                b.getParameters().values().stream()
                        .mapToLong(x -> x.getArray().size())
                        .sum());
        r.add("in_shape", shape(in));
        r.add("out_shape", shape(o));
        return r;
    }

    static JsonArray pair(long v) {
        JsonArray a = new JsonArray();
        a.add(v);
        a.add(v);
        return a;
    }

    static JsonArray shape(Shape s) {
        JsonArray a = new JsonArray();
        for (long d : s.getShape()) {
            a.add(d);
        }
        return a;
    }
}
