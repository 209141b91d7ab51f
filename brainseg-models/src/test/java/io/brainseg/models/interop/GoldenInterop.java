package io.brainseg.models.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.models.AttentionUNet;
import io.brainseg.models.UNet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The vendored MONAI interop golden files (test resources {@code golden/interop}, copied from
 * {@code shared/golden/interop}; made with MONAI 1.4.0 on torch 1.13, see the README there).
 */
final class GoldenInterop {

    /** The two networks of the golden folder. */
    enum Case {
        /** MONAI {@code UNet(2, 3, 1, (8, 16, 32, 64, 128), (2, 2, 2, 2), num_res_units=2)}. */
        UNET_F8_RES2("unet_f8_res2"),
        /** MONAI {@code AttentionUnet(2, 3, 1, (8, 16, 32, 64, 128), (2, 2, 2, 2))}. */
        ATTENTION_UNET_F8("attention_unet_f8");

        final String file;

        Case(String file) {
            this.file = file;
        }

        ModelSpec spec() {
            return switch (this) {
                case UNET_F8_RES2 -> UNet.builder()
                        .setInChannels(3)
                        .setOutChannels(1)
                        .setChannels(8, 16, 32, 64, 128)
                        .setStrides(2, 2, 2, 2)
                        .optNumResUnits(2)
                        .build()
                        .getSpec();
                case ATTENTION_UNET_F8 -> AttentionUNet.builder()
                        .setInChannels(3)
                        .setOutChannels(1)
                        .setChannels(8, 16, 32, 64, 128)
                        .setStrides(2, 2, 2, 2)
                        .build()
                        .getSpec();
            };
        }

        Path weights(String extension) {
            return resource(file + "." + extension);
        }

        JsonObject io() {
            try {
                return JsonParser.parseString(Files.readString(resource(file + ".io.json")))
                        .getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One key of MONAI's state dict as the golden key list states it. */
    record KeyInfo(String key, Shape shape, String dtype) {}

    private GoldenInterop() {}

    static Path resource(String name) {
        try {
            return Path.of(
                    GoldenInterop.class.getResource("/golden/interop/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource golden/interop/" + name, e);
        }
    }

    static NDArray array(NDManager m, JsonObject io, String name) {
        JsonArray values = io.getAsJsonArray(name);
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).getAsFloat();
        }
        return m.create(v, shape(io.getAsJsonArray(name + "_shape")));
    }

    static List<KeyInfo> keys(JsonObject io) {
        List<KeyInfo> out = new ArrayList<>();
        for (JsonElement e : io.getAsJsonArray("state_dict_keys")) {
            JsonArray a = e.getAsJsonArray();
            out.add(new KeyInfo(
                    a.get(0).getAsString(),
                    shape(a.get(1).getAsJsonArray()),
                    a.get(2).getAsString()));
        }
        return out;
    }

    static Shape shape(JsonArray a) {
        long[] s = new long[a.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.get(i).getAsLong();
        }
        return new Shape(s);
    }

    /** Runs the block in inference mode (eval mode: batch norm uses its running statistics). */
    static NDArray infer(Block block, NDManager m, NDArray input) {
        return block.forward(new ParameterStore(m, false), new NDList(input), false)
                .singletonOrThrow();
    }

    /** Largest |a − b| in float64. */
    static double maxAbsDiff(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        if (x.length != y.length) {
            throw new IllegalArgumentException("sizes differ: " + a.getShape() + " vs " + b.getShape());
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((double) x[i] - y[i]));
        }
        return max;
    }
}
