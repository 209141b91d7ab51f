package io.brainseg.metrics;

import java.util.List;

/**
 * MONAI's {@code do_metric_reduction} over a table of per-(sample, channel) values in which NaN
 * marks a value to skip.
 */
public final class MetricReductions {

    private MetricReductions() {}

    /**
     * Reduces {@code rows} (one {@code double[C]} per sample).
     *
     * @param rows per-sample values; NaN entries are skipped
     * @param reduction the reduction
     * @return one value for {@link MetricReduction#MEAN}, {@code C} values for
     *     {@link MetricReduction#MEAN_BATCH}, all {@code N·C} values for {@link MetricReduction#NONE}
     */
    public static double[] reduce(List<double[]> rows, MetricReduction reduction) {
        switch (reduction) {
            case MEAN:
                return new double[] {mean(rows)};
            case MEAN_BATCH:
                return meanBatch(rows);
            default:
                int c = rows.isEmpty() ? 0 : rows.get(0).length;
                double[] all = new double[rows.size() * c];
                for (int i = 0; i < rows.size(); i++) {
                    System.arraycopy(rows.get(i), 0, all, i * c, c);
                }
                return all;
        }
    }

    /**
     * Returns MONAI's two-step mean (channels within a sample, then samples), 0.0 when nothing is
     * valid.
     *
     * @param rows per-sample values
     * @return the mean
     */
    public static double mean(List<double[]> rows) {
        double sum = 0;
        int valid = 0;
        for (double[] row : rows) {
            double rowSum = 0;
            int rowValid = 0;
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    rowSum += v;
                    rowValid++;
                }
            }
            if (rowValid > 0) {
                sum += rowSum / rowValid;
                valid++;
            }
        }
        return valid == 0 ? 0.0 : sum / valid;
    }

    /**
     * Returns the number of samples with at least one non-NaN channel (MONAI's {@code not_nans}
     * of the mean).
     *
     * @param rows per-sample values
     * @return the count
     */
    public static int notNans(List<double[]> rows) {
        int valid = 0;
        for (double[] row : rows) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    valid++;
                    break;
                }
            }
        }
        return valid;
    }

    private static double[] meanBatch(List<double[]> rows) {
        int c = rows.isEmpty() ? 0 : rows.get(0).length;
        double[] sum = new double[c];
        int[] valid = new int[c];
        for (double[] row : rows) {
            for (int j = 0; j < c; j++) {
                if (!Double.isNaN(row[j])) {
                    sum[j] += row[j];
                    valid[j]++;
                }
            }
        }
        for (int j = 0; j < c; j++) {
            sum[j] = valid[j] == 0 ? 0.0 : sum[j] / valid[j];
        }
        return sum;
    }
}
