package io.brainseg.data;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Statistics of a decoded dataset per set of a {@link PatientSplit}: patients, slices, the share of
 * slices with tumour, the share of tumour pixels, and per-channel intensity statistics kept per
 * slice ({@link ChannelStats}) for distribution plots.
 *
 * <pre>{@code
 * DatasetStats stats = DatasetStats.compute(cache, split);
 * System.out.println(stats.describe());
 * double share = stats.get(PatientSplit.VALIDATION).tumourSliceShare();
 * }</pre>
 */
public final class DatasetStats {

    /** Name under which {@link #compute} reports the whole cache. */
    public static final String ALL = "all";

    private final Map<String, Subset> subsets;

    private DatasetStats(Map<String, Subset> subsets) {
        this.subsets = Collections.unmodifiableMap(subsets);
    }

    /**
     * Computes the statistics of each non-empty set of {@code split} and of the whole cache
     * ({@link #ALL}, listed last).
     *
     * @param cache the decoded slices
     * @param split the patient split
     * @return the statistics
     */
    public static DatasetStats compute(SliceCache cache, PatientSplit split) {
        Map<String, Subset> m = new LinkedHashMap<>();
        split.asMap().forEach((name, patients) -> {
            if (!patients.isEmpty()) {
                m.put(name, Subset.of(name, cache.subset(patients).getSlices()));
            }
        });
        m.put(ALL, Subset.of(ALL, cache.getSlices()));
        return new DatasetStats(m);
    }

    /**
     * Returns the statistics of one set.
     *
     * @param name a set name ({@link PatientSplit#TRAIN}, ...) or {@link #ALL}
     * @return the statistics
     * @throws IllegalArgumentException if there is no such (non-empty) set
     */
    public Subset get(String name) {
        Subset s = subsets.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no set '" + name + "'; have " + subsets.keySet());
        }
        return s;
    }

    /**
     * Returns every set's statistics by name.
     *
     * @return the sets in split order, then {@link #ALL}
     */
    public Map<String, Subset> getSubsets() {
        return subsets;
    }

    /**
     * Returns a human-readable table of all sets.
     *
     * @return the summary text
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Subset s : subsets.values()) {
            sb.append(s.describe());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Statistics of one set of slices.
     *
     * @param name the set name
     * @param patients the number of patients
     * @param slices the number of slices
     * @param tumourSlices the number of slices with at least one tumour pixel
     * @param tumourPixels the number of tumour pixels over all slices
     * @param pixels the number of pixels over all slices ({@code slices·H·W})
     * @param channels per-channel statistics, index = channel
     */
    public record Subset(
            String name,
            int patients,
            int slices,
            int tumourSlices,
            long tumourPixels,
            long pixels,
            List<ChannelStats> channels) {

        /**
         * Computes the statistics of some slices.
         *
         * @param name the set name
         * @param slices the slices
         * @return the statistics
         */
        public static Subset of(String name, Collection<DecodedSlice> slices) {
            int n = slices.size();
            int channels = slices.isEmpty()
                    ? DecodedSlice.CHANNELS
                    : slices.iterator().next().channels();
            double[][][] v = new double[channels][4][n];
            int tumourSlices = 0;
            long tumourPixels = 0;
            long pixels = 0;
            int i = 0;
            for (DecodedSlice s : slices) {
                int t = s.tumourPixels();
                tumourSlices += t > 0 ? 1 : 0;
                tumourPixels += t;
                int plane = s.height() * s.width();
                pixels += plane;
                if (s.channels() != channels) {
                    throw new IllegalArgumentException("all slices must have one channel count: " + s.id() + " has "
                            + s.channels() + ", the first " + channels);
                }
                byte[] img = s.image();
                for (int c = 0; c < channels; c++) {
                    int min = 255;
                    int max = 0;
                    long sum = 0;
                    long sumSq = 0;
                    for (int p = c * plane, end = p + plane; p < end; p++) {
                        int x = img[p] & 0xFF;
                        min = Math.min(min, x);
                        max = Math.max(max, x);
                        sum += x;
                        sumSq += (long) x * x;
                    }
                    double mean = (double) sum / plane;
                    v[c][0][i] = min;
                    v[c][1][i] = max;
                    v[c][2][i] = mean;
                    v[c][3][i] = Math.sqrt(Math.max(0, (double) sumSq / plane - mean * mean));
                }
                i++;
            }
            ChannelStats[] ch = new ChannelStats[channels];
            for (int c = 0; c < ch.length; c++) {
                ch[c] = new ChannelStats(c, v[c][0], v[c][1], v[c][2], v[c][3]);
            }
            int patients = (int)
                    slices.stream().map(s -> s.id().patientId()).distinct().count();
            return new Subset(name, patients, n, tumourSlices, tumourPixels, pixels, List.of(ch));
        }

        /**
         * Returns the share of slices with tumour.
         *
         * @return {@code tumourSlices / slices}, NaN for no slice
         */
        public double tumourSliceShare() {
            return slices == 0 ? Double.NaN : (double) tumourSlices / slices;
        }

        /**
         * Returns the share of tumour pixels.
         *
         * @return {@code tumourPixels / pixels}, NaN for no slice
         */
        public double tumourPixelShare() {
            return pixels == 0 ? Double.NaN : (double) tumourPixels / pixels;
        }

        /**
         * Returns a few lines describing the set.
         *
         * @return the text
         */
        public String describe() {
            StringBuilder sb = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%s: %d patients, %d slices, %d with tumour (%.1f%%), tumour pixels %.2f%%%n",
                    name,
                    patients,
                    slices,
                    tumourSlices,
                    100 * tumourSliceShare(),
                    100 * tumourPixelShare()));
            sb.append(String.format(Locale.ROOT, "  %-14s %5s %5s %8s %8s%n", "channel", "min", "max", "mean", "std"));
            for (ChannelStats c : channels) {
                sb.append(String.format(
                        Locale.ROOT,
                        "  %-14s %5.0f %5.0f %8.2f %8.2f%n",
                        c.name(),
                        c.overallMin(),
                        c.overallMax(),
                        c.overallMean(),
                        c.overallStd()));
            }
            return sb.toString();
        }
    }
}
