package io.brainseg.metrics;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.batch.SliceId;
import io.brainseg.core.metric.SegmentationMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Pixel confusion counts (TP, FP, FN, TN) per slice, per patient and pooled, with sensitivity,
 * specificity and precision.
 *
 * <p>Counts come from the device as per-sample sums (channels pooled); foreground follows
 * {@link MetricInputs}. Per-patient counts need the slice ids passed to {@link #update}; batches
 * without ids still count per slice (with a null id) and in the pooled total. {@link #compute()}
 * returns the configured {@link Statistic} of the pooled counts. Memory: four longs per slice.
 */
public final class ConfusionCounts implements SegmentationMetric {

    /** The statistic that {@link #compute()} reports. */
    public enum Statistic {
        /** {@code TP / (TP + FN)}, recall. */
        SENSITIVITY,
        /** {@code TN / (TN + FP)}. */
        SPECIFICITY,
        /** {@code TP / (TP + FP)}. */
        PRECISION
    }

    /**
     * Pixel counts of one slice, patient or dataset; ratios with a zero denominator are NaN.
     *
     * @param tp true positives
     * @param fp false positives
     * @param fn false negatives
     * @param tn true negatives
     */
    public record Counts(long tp, long fp, long fn, long tn) {

        /** All zero. */
        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        /**
         * Returns the element-wise sum.
         *
         * @param o other counts
         * @return the sum
         */
        public Counts plus(Counts o) {
            return new Counts(tp + o.tp, fp + o.fp, fn + o.fn, tn + o.tn);
        }

        /**
         * Returns {@code TP / (TP + FN)}.
         *
         * @return sensitivity, NaN without positives in the ground truth
         */
        public double sensitivity() {
            return ratio(tp, tp + fn);
        }

        /**
         * Returns {@code TN / (TN + FP)}.
         *
         * @return specificity, NaN without negatives in the ground truth
         */
        public double specificity() {
            return ratio(tn, tn + fp);
        }

        /**
         * Returns {@code TP / (TP + FP)}.
         *
         * @return precision, NaN without predicted positives
         */
        public double precision() {
            return ratio(tp, tp + fp);
        }

        /**
         * Returns the chosen statistic.
         *
         * @param s the statistic
         * @return its value
         */
        public double get(Statistic s) {
            switch (s) {
                case SENSITIVITY:
                    return sensitivity();
                case SPECIFICITY:
                    return specificity();
                default:
                    return precision();
            }
        }

        private static double ratio(long a, long b) {
            return b == 0 ? Double.NaN : (double) a / b;
        }
    }

    /**
     * Counts of one slice.
     *
     * @param id the slice, or null when the batch came without ids
     * @param counts its counts
     */
    public record SliceCounts(SliceId id, Counts counts) {}

    private final String name;
    private final Statistic statistic;
    private final List<SliceCounts> slices = new ArrayList<>();
    private final Map<String, Counts> patients = new TreeMap<>();
    private Counts total = Counts.ZERO;

    private ConfusionCounts(Builder b) {
        this.name = b.name;
        this.statistic = b.statistic;
    }

    /**
     * Returns a builder (statistic sensitivity).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void reset() {
        slices.clear();
        patients.clear();
        total = Counts.ZERO;
    }

    /**
     * Accumulates one batch.
     *
     * @param prediction binarised prediction {@code N×C×H×W}
     * @param target binary ground truth, same shape
     * @param ids the slice of each sample, or empty
     * @throws IllegalArgumentException on bad shapes or values, or if {@code ids} is neither empty
     *     nor of size {@code N}
     */
    @Override
    public void update(NDArray prediction, NDArray target, List<SliceId> ids) {
        Objects.requireNonNull(ids, "ids");
        MetricInputs.Counts k = MetricInputs.counts(prediction, target);
        if (!ids.isEmpty() && ids.size() != k.batch()) {
            throw new IllegalArgumentException(
                    "got " + ids.size() + " slice ids for a batch of shape " + prediction.getShape());
        }
        for (int b = 0; b < k.batch(); b++) {
            long i = 0;
            long p = 0;
            long g = 0;
            for (int c = 0; c < k.channels(); c++) {
                int idx = b * k.channels() + c;
                i += (long) k.intersection()[idx];
                p += (long) k.predicted()[idx];
                g += (long) k.target()[idx];
            }
            long all = k.pixels() * k.channels();
            Counts counts = new Counts(i, p - i, g - i, all - p - g + i);
            SliceId id = ids.isEmpty() ? null : ids.get(b);
            slices.add(new SliceCounts(id, counts));
            total = total.plus(counts);
            if (id != null) {
                patients.merge(id.patientId(), counts, Counts::plus);
            }
        }
    }

    /**
     * Returns the configured statistic of the pooled counts.
     *
     * @return the statistic, NaN when its denominator is 0
     */
    @Override
    public double compute() {
        return total.get(statistic);
    }

    /**
     * Returns the counts of every slice since the last reset, in update order.
     *
     * @return an unmodifiable list
     */
    public List<SliceCounts> perSlice() {
        return Collections.unmodifiableList(slices);
    }

    /**
     * Returns the counts per patient (slices that came with ids), sorted by patient id.
     *
     * @return an unmodifiable map
     */
    public Map<String, Counts> perPatient() {
        return Collections.unmodifiableMap(patients);
    }

    /**
     * Returns the pooled counts.
     *
     * @return the total
     */
    public Counts total() {
        return total;
    }

    /** Builder of {@link ConfusionCounts}. */
    public static final class Builder {
        private String name;
        private Statistic statistic = Statistic.SENSITIVITY;

        private Builder() {}

        /**
         * Sets the name (default: the statistic in lower case, e.g. {@code sensitivity}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the statistic {@link #compute()} reports (default sensitivity).
         *
         * @param statistic the statistic
         * @return this builder
         */
        public Builder optStatistic(Statistic statistic) {
            this.statistic = Objects.requireNonNull(statistic, "statistic");
            return this;
        }

        /**
         * Builds the metric.
         *
         * @return the metric
         */
        public ConfusionCounts build() {
            if (name == null) {
                name = statistic.name().toLowerCase(java.util.Locale.ROOT);
            }
            return new ConfusionCounts(this);
        }
    }
}
