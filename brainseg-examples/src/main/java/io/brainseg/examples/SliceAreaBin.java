package io.brainseg.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-slice Dice of the slices whose tumour area falls in one range, so an evaluation shows where
 * its per-slice figure is won or lost.
 *
 * <p>Per-slice Dice (MONAI's {@code DiceMetric} over slices with tumour) weights every such slice
 * the same, so the few-pixel cross-sections at a tumour's top and bottom count as much as its
 * centre. A change can then gain on the large cross-sections and still lower the mean by missing
 * small ones, which its per-patient (volume) Dice hardly sees. The ranges are fixed, so any two
 * evaluations can be compared bin by bin:
 *
 * <table>
 *   <caption>Ranges of tumour area, in pixels of the slice</caption>
 *   <tr><th>range</th><th>on a 256×256 slice</th></tr>
 *   <tr><td>[1, 300)</td><td>under 0.5 %: a tumour's first or last cross-sections</td></tr>
 *   <tr><td>[300, 1000)</td><td>0.5–1.5 %</td></tr>
 *   <tr><td>[1000, 3000)</td><td>1.5–4.6 %</td></tr>
 *   <tr><td>[3000, ∞)</td><td>a tumour's centre</td></tr>
 * </table>
 *
 * @param minPixels smallest tumour area of the range, inclusive
 * @param maxPixels end of the range, exclusive ({@link Long#MAX_VALUE} for the last)
 * @param slices slices with tumour in the range
 * @param dice their mean Dice, NaN when there are none
 * @param missed those of them with nothing predicted (Dice 0)
 */
record SliceAreaBin(long minPixels, long maxPixels, int slices, double dice, int missed) {

    /** The bin edges in pixels: {@code [1, 300), [300, 1000), [1000, 3000), [3000, ∞)}. */
    static final long[] EDGES = {1, 300, 1000, 3000, Long.MAX_VALUE};

    /**
     * Groups the slices with tumour by area.
     *
     * @param slices an evaluation's slice rows; slices without tumour are skipped
     * @return one bin per range, in order, empty ranges included
     */
    static List<SliceAreaBin> of(List<Evaluation.SliceResult> slices) {
        List<SliceAreaBin> out = new ArrayList<>();
        for (int b = 0; b + 1 < EDGES.length; b++) {
            long lo = EDGES[b];
            long hi = EDGES[b + 1];
            int n = 0;
            int missed = 0;
            double sum = 0;
            for (Evaluation.SliceResult s : slices) {
                if (s.truthPixels() >= lo && s.truthPixels() < hi) {
                    n++;
                    sum += s.dice();
                    missed += s.predictedPixels() == 0 ? 1 : 0;
                }
            }
            out.add(new SliceAreaBin(lo, hi, n, n == 0 ? Double.NaN : sum / n, missed));
        }
        return List.copyOf(out);
    }

    /**
     * Returns the range as text: {@code 300-1000 px}, {@code >=3000 px}.
     *
     * @return the label
     */
    String label() {
        return maxPixels == Long.MAX_VALUE ? ">=" + minPixels + " px" : minPixels + "-" + maxPixels + " px";
    }

    /**
     * Returns the bin as a JSON object (NaN as null, the open end as null).
     *
     * @return the fields by name
     */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_pixels", minPixels);
        m.put("max_pixels", maxPixels == Long.MAX_VALUE ? null : maxPixels);
        m.put("slices", slices);
        m.put("dice", Double.isFinite(dice) ? dice : null);
        m.put("missed", missed);
        return m;
    }
}
