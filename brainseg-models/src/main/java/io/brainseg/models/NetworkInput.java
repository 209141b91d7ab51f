package io.brainseg.models;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** Checks the input of a UNet-like network: {@code N×C×H×W} with H and W divisible by the total stride. */
final class NetworkInput {

    private NetworkInput() {}

    static void check(String network, Shape shape, int inChannels, int[] strides) {
        if (shape.dimension() != 4 || shape.get(1) != inChannels) {
            throw new IllegalArgumentException(network + " expects an N×" + inChannels + "×H×W input, got " + shape);
        }
        long total = 1;
        for (int s : strides) {
            total *= s;
        }
        if (shape.get(2) % total != 0 || shape.get(3) % total != 0) {
            throw new IllegalArgumentException(network + ": input size " + shape.get(2) + "×" + shape.get(3)
                    + " (shape " + shape + ") is not divisible by the total stride " + total + " (strides "
                    + Arrays.toString(strides) + "); crop or pad it to a multiple of " + total);
        }
    }

    static int[] checkChannelsAndStrides(String network, int[] channels, int[] strides) {
        if (channels == null || channels.length < 2) {
            throw new IllegalArgumentException(
                    network + ": channels must have at least 2 entries, got " + Arrays.toString(channels));
        }
        if (strides == null || strides.length != channels.length - 1) {
            throw new IllegalArgumentException(network + ": strides must have channels.length - 1 = "
                    + (channels.length - 1) + " entries, got " + Arrays.toString(strides));
        }
        for (int c : channels) {
            if (c < 1) {
                throw new IllegalArgumentException(network + ": invalid channels = " + Arrays.toString(channels));
            }
        }
        for (int s : strides) {
            if (s < 1) {
                throw new IllegalArgumentException(network + ": invalid strides = " + Arrays.toString(strides));
            }
        }
        return channels;
    }
}
