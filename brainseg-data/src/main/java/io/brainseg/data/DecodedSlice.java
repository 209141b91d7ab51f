package io.brainseg.data;

import io.brainseg.core.batch.SliceContext;
import io.brainseg.core.batch.SliceId;
import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded slice held in memory as uint8, channel-first: {@code image} is {@code C×H×W} and
 * {@code mask} is {@code 1×H×W} with values in {0, 1}. A slice as read from disk has
 * {@code C = }{@value #CHANNELS} (channel 0 pre-contrast, 1 FLAIR, 2 post-contrast; values 0..255
 * as unsigned bytes; a 256×256 slice takes 262,144 bytes). A 2.5-D slice
 * ({@link SliceCache#withContext}) carries its neighbours as extra channels, {@code C = 3·(2K+1)}
 * in the order of {@link SliceContext}; its mask is still the centre slice's.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 *
 * @param id the patient and slice number (of the centre slice)
 * @param channels C, {@code 3·(2K+1)}: 3 for a slice as read, 9 with one neighbour on each side
 * @param height H
 * @param width W
 * @param image {@code C·H·W} bytes, plane after plane
 * @param mask {@code H·W} bytes in {0, 1}
 */
public record DecodedSlice(SliceId id, int channels, int height, int width, byte[] image, byte[] mask) {

    /** Number of image channels of one slice as read from disk (see {@link #channels()} for a stacked one). */
    public static final int CHANNELS = SliceContext.SLICE_CHANNELS;

    /**
     * Validates the channel count and the array lengths.
     *
     * @param id the patient and slice number
     * @param channels C, {@code 3·(2K+1)}
     * @param height H
     * @param width W
     * @param image {@code C·H·W} bytes, plane after plane
     * @param mask {@code H·W} bytes in {0, 1}
     * @throws IllegalArgumentException if {@code channels} is not {@code 3·(2K+1)} or a length does
     *     not match {@code channels}, {@code height} and {@code width}
     */
    public DecodedSlice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("slice " + id + " has size " + height + "x" + width);
        }
        try {
            SliceContext.contextOf(channels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("slice " + id + ": " + e.getMessage(), e);
        }
        long plane = (long) height * width;
        if (image.length != channels * plane || mask.length != plane) {
            throw new IllegalArgumentException("slice " + id + ": image has " + image.length + " bytes and mask "
                    + mask.length + ", expected " + channels * plane + " and " + plane + " for " + channels + "x"
                    + height + "x" + width);
        }
    }

    /**
     * A slice as read from disk, with {@value #CHANNELS} channels.
     *
     * @param id the patient and slice number
     * @param height H
     * @param width W
     * @param image {@code 3·H·W} bytes, plane after plane
     * @param mask {@code H·W} bytes in {0, 1}
     * @throws IllegalArgumentException if a length does not match {@code height} and {@code width}
     */
    public DecodedSlice(SliceId id, int height, int width, byte[] image, byte[] mask) {
        this(id, CHANNELS, height, width, image, mask);
    }

    /**
     * Returns the context K of this slice: 0 for a slice as read, K for {@code 3·(2K+1)} channels.
     *
     * @return K
     */
    public int context() {
        return SliceContext.contextOf(channels);
    }

    /**
     * Returns the centre slice alone (the slice as read, {@value #CHANNELS} channels), for display
     * and statistics; this slice itself when it has no context.
     *
     * @return the centre slice, sharing the mask
     */
    public DecodedSlice centre() {
        if (channels == CHANNELS) {
            return this;
        }
        int len = CHANNELS * height * width;
        int from = context() * len;
        return new DecodedSlice(id, height, width, Arrays.copyOfRange(image, from, from + len), mask);
    }

    /**
     * Counts the tumour pixels, the ones of the mask.
     *
     * @return the number of mask pixels equal to 1
     */
    public int tumourPixels() {
        int n = 0;
        for (byte b : mask) {
            n += b;
        }
        return n;
    }

    /**
     * Tells whether the slice shows tumour (at least one mask pixel is 1).
     *
     * @return true if the mask is not empty
     */
    public boolean hasTumour() {
        for (byte b : mask) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }
}
