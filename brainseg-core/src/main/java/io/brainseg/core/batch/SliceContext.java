package io.brainseg.core.batch;

import java.util.List;
import java.util.Objects;

/**
 * The 2.5-D input layout: a slice together with its {@code K} neighbours on each side, stacked as
 * extra channels. One MRI slice has {@value #SLICE_CHANNELS} channels (pre-contrast, FLAIR,
 * post-contrast); with context {@code K} a sample has {@code 3·(2K+1)} channels, ordered slice
 * {@code z-K} (3 channels), ..., slice {@code z} (3), ..., slice {@code z+K} (3). At a patient's
 * first and last slices the missing neighbours repeat the edge slice, so every sample has the same
 * channel count and the network never sees an invented (black) slice.
 *
 * <p>{@code K = 0} is the plain 2-D input. The channel count is the single source of truth: a
 * network's {@code inChannels} tells its context ({@link #contextOf}), so a trained model carries
 * the stacking it needs in its own spec and predictors and evaluations can never stack differently
 * from training.
 *
 * <p>Shapes: a stacked slice is {@code 3·(2K+1) × H × W}, a batch {@code N × 3·(2K+1) × H × W};
 * the mask stays the centre slice's {@code 1 × H × W}.
 */
public final class SliceContext {

    /** Channels of one MRI slice: pre-contrast, FLAIR, post-contrast. */
    public static final int SLICE_CHANNELS = 3;

    private SliceContext() {}

    /**
     * Returns the input channel count for a context.
     *
     * @param context K, the neighbours on each side, at least 0
     * @return {@code 3·(2K+1)}
     * @throws IllegalArgumentException if {@code context < 0}
     */
    public static int channels(int context) {
        if (context < 0) {
            throw new IllegalArgumentException(
                    "context must be >= 0 (neighbouring slices on each side), got " + context);
        }
        return Math.multiplyExact(SLICE_CHANNELS, Math.addExact(Math.multiplyExact(2, context), 1));
    }

    /**
     * Returns the context a channel count stands for.
     *
     * @param channels a network's or an image's input channels
     * @return K such that {@code channels == 3·(2K+1)}
     * @throws IllegalArgumentException if {@code channels} is not of that form (for example 6 or 4)
     */
    public static int contextOf(long channels) {
        if (channels < SLICE_CHANNELS || channels % SLICE_CHANNELS != 0 || (channels / SLICE_CHANNELS) % 2 == 0) {
            throw new IllegalArgumentException("input has " + channels + " channels, which is not 3·(2K+1) "
                    + "(3 for a single slice, 9 for one neighbour on each side, 15 for two, ...); "
                    + "brainseg slices stack whole 3-channel slices, the centre one in the middle");
        }
        return Math.toIntExact((channels / SLICE_CHANNELS - 1) / 2);
    }

    /**
     * Describes a context for messages: {@code "9-channel 2.5-D input (context 1)"}.
     *
     * @param context K
     * @return the description
     */
    public static String describe(int context) {
        return context == 0
                ? "3-channel 2-D input (context 0)"
                : channels(context) + "-channel 2.5-D input (context " + context + ")";
    }

    /**
     * Stacks one slice of a volume with its neighbours: the planes of slices
     * {@code index-K .. index+K}, each clamped to {@code [0, volume.size()-1]} (edge repetition).
     *
     * @param volume one patient's slices in slice order, each {@code 3·H·W} bytes channel-first
     * @param index the centre slice
     * @param context K, at least 0
     * @return {@code 3·(2K+1)·H·W} bytes, a new array
     * @throws IllegalArgumentException if {@code index} is outside the volume, the context is
     *     negative, or the slices do not all have the first one's length
     */
    public static byte[] stack(List<byte[]> volume, int index, int context) {
        Objects.requireNonNull(volume, "volume");
        int n = volume.size();
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("slice index " + index + " is outside a volume of " + n + " slices");
        }
        int len = volume.get(0).length;
        byte[] out = new byte[len * (channels(context) / SLICE_CHANNELS)];
        for (int d = -context; d <= context; d++) {
            byte[] src = volume.get(Math.min(n - 1, Math.max(0, index + d)));
            if (src.length != len) {
                throw new IllegalArgumentException(
                        "slices of one volume must have one size: " + len + " and " + src.length + " bytes");
            }
            System.arraycopy(src, 0, out, (d + context) * len, len);
        }
        return out;
    }
}
