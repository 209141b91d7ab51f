package io.brainseg.data;

import io.brainseg.core.batch.SliceId;
import java.util.Objects;

/**
 * One decoded slice held in memory as uint8, channel-first: {@code image} is {@code 3×H×W}
 * (channel 0 pre-contrast, 1 FLAIR, 2 post-contrast; values 0..255 as unsigned bytes) and
 * {@code mask} is {@code 1×H×W} with values in {0, 1}. A 256×256 slice takes 262,144 bytes.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 *
 * @param id the patient and slice number
 * @param height H
 * @param width W
 * @param image {@code 3·H·W} bytes, plane after plane
 * @param mask {@code H·W} bytes in {0, 1}
 */
public record DecodedSlice(SliceId id, int height, int width, byte[] image, byte[] mask) {

    /** Number of image channels. */
    public static final int CHANNELS = 3;

    /**
     * Validates the array lengths.
     *
     * @param id the patient and slice number
     * @param height H
     * @param width W
     * @param image {@code 3·H·W} bytes, plane after plane
     * @param mask {@code H·W} bytes in {0, 1}
     * @throws IllegalArgumentException if a length does not match {@code height} and {@code width}
     */
    public DecodedSlice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("slice " + id + " has size " + height + "x" + width);
        }
        if (image.length != CHANNELS * height * width || mask.length != height * width) {
            throw new IllegalArgumentException("slice " + id + ": image has " + image.length
                    + " bytes and mask " + mask.length + ", expected " + CHANNELS * height * width
                    + " and " + height * width + " for " + height + "x" + width);
        }
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
