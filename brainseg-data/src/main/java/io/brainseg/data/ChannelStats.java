package io.brainseg.data;

import java.util.Arrays;

/**
 * Intensity statistics of one image channel over a set of slices, kept per slice so an EDA report
 * can draw their distributions. For slice {@code i} with pixels {@code x}: {@code min[i]},
 * {@code max[i]}, {@code mean[i] = Σx / (H·W)} and the population standard deviation
 * {@code std[i] = sqrt(Σx² / (H·W) − mean[i]²)}, on the raw 0..255 scale.
 *
 * <p>The arrays are shared: treat them as read-only.
 *
 * @param channel the channel index (0 pre-contrast, 1 FLAIR, 2 post-contrast)
 * @param min per-slice minimum
 * @param max per-slice maximum
 * @param mean per-slice mean
 * @param std per-slice standard deviation
 */
public record ChannelStats(int channel, double[] min, double[] max, double[] mean, double[] std) {

    /** Names of the three channels of a kaggle_3m slice, by index. */
    public static final String[] CHANNEL_NAMES = {"pre-contrast", "FLAIR", "post-contrast"};

    /**
     * Returns the channel's name.
     *
     * @return for example {@code FLAIR}
     */
    public String name() {
        return channel < CHANNEL_NAMES.length ? CHANNEL_NAMES[channel] : "channel " + channel;
    }

    /**
     * Returns the minimum over all slices (NaN for no slice).
     *
     * @return the overall minimum
     */
    public double overallMin() {
        return Arrays.stream(min).min().orElse(Double.NaN);
    }

    /**
     * Returns the maximum over all slices (NaN for no slice).
     *
     * @return the overall maximum
     */
    public double overallMax() {
        return Arrays.stream(max).max().orElse(Double.NaN);
    }

    /**
     * Returns the mean over all pixels of all slices (slices have equal size, so the mean of the
     * per-slice means).
     *
     * @return the overall mean
     */
    public double overallMean() {
        return Arrays.stream(mean).average().orElse(Double.NaN);
    }

    /**
     * Returns the standard deviation over all pixels of all slices, pooled from the per-slice
     * moments: {@code sqrt(mean_i(std[i]² + mean[i]²) − overallMean²)}.
     *
     * @return the overall standard deviation
     */
    public double overallStd() {
        if (mean.length == 0) {
            return Double.NaN;
        }
        double m = overallMean();
        double second = 0;
        for (int i = 0; i < mean.length; i++) {
            second += std[i] * std[i] + mean[i] * mean[i];
        }
        return Math.sqrt(Math.max(0, second / mean.length - m * m));
    }
}
