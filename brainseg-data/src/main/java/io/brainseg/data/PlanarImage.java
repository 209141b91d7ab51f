package io.brainseg.data;

import java.util.Objects;

/**
 * An 8-bit image held channel-first: {@code bands} planes of {@code height×width} bytes, plane
 * after plane (sample {@code (b, y, x)} at index {@code b·H·W + y·W + x}). This is the layout of an
 * NDArray of shape {@code bands×H×W}, so it is copied to the device as is.
 *
 * @param bands the number of channels (1 for a mask, 3 for an RGB slice)
 * @param height H
 * @param width W
 * @param planes {@code bands·H·W} unsigned bytes
 */
public record PlanarImage(int bands, int height, int width, byte[] planes) {

    /**
     * Validates the sizes.
     *
     * @param bands the number of channels (1 for a mask, 3 for an RGB slice)
     * @param height H
     * @param width W
     * @param planes {@code bands·H·W} unsigned bytes
     * @throws IllegalArgumentException if a size is not positive or the array length differs
     */
    public PlanarImage {
        Objects.requireNonNull(planes, "planes");
        if (bands < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "bands, height and width must be >= 1, got " + bands + "x" + height + "x" + width);
        }
        if ((long) bands * height * width != planes.length) {
            throw new IllegalArgumentException(
                    "planes has " + planes.length + " bytes, expected " + bands + "x" + height + "x" + width);
        }
    }
}
