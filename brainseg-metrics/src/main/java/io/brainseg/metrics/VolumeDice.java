package io.brainseg.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SliceId;
import io.brainseg.core.metric.SegmentationMetric;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Dice per patient volume, and its mean over patients: the dataset authors' protocol (Buda et
 * al. 2019 report a mean of 82%), as opposed to {@link DiceMetric}'s per-slice Dice.
 *
 * <p>For patient {@code k}, over all of its slices seen since the last reset (in any batches and
 * any order): {@code Dice_k = 2·Σ|ŷ∧y| / (Σ|ŷ| + Σ|y|)}. A patient whose ground truth is empty gets
 * NaN with {@code ignoreEmpty} (the default, skipped in the mean), else 1.0 / 0.0 as in
 * {@link DiceMetric}. {@link #compute()} is the mean over the patients with a value (0.0 if none).
 *
 * <p><b>Memory.</b> Without the component filter only three counts per patient are kept (the
 * predictions themselves are reduced on the device). With {@link Builder#optLargestComponent} or
 * {@link Builder#optMinComponentSize} the patient's whole volume is needed, so each slice is kept on the host as two bit sets
 * (prediction and ground truth), i.e. 2 bits per pixel: about 12.5 KB per 224×224 slice, ~5 MB for
 * the 400 slices of an 11-patient validation set. The filter is applied at {@link #compute()}, one
 * patient at a time, with a transient label and queue array of 8 bytes per voxel of that patient
 * (~12 MB for 30 slices of 224×224).
 *
 * <p>{@link #update} requires the slice id of every sample; a slice seen twice since the last
 * reset is an error. Single-channel input only ({@code N×1×H×W}).
 */
public final class VolumeDice implements SegmentationMetric {

    private final String name;
    private final boolean ignoreEmpty;
    private final boolean largestComponent;
    private final int connectivity;
    private final int minComponentSize;
    private final Map<String, Patient> patients = new TreeMap<>();

    private VolumeDice(Builder b) {
        this.name = b.name;
        this.ignoreEmpty = b.ignoreEmpty;
        this.largestComponent = b.largestComponent;
        this.connectivity = b.connectivity;
        this.minComponentSize = b.minComponentSize;
    }

    /** Whether the predictions are kept as volumes for a component filter. */
    private boolean filtered() {
        return largestComponent || minComponentSize > 1;
    }

    /**
     * Returns a builder (ignore empty, no component filter, 26-connectivity when filtering).
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
        patients.clear();
    }

    /**
     * Accumulates one batch into the per-patient sums.
     *
     * @param prediction binarised prediction {@code N×1×H×W}
     * @param target binary ground truth, same shape
     * @param ids the slice of each sample, size {@code N}
     * @throws IllegalArgumentException if the ids are empty or of the wrong size, a slice repeats,
     *     the input has several channels, or the inputs are invalid (see {@link MetricInputs})
     */
    @Override
    public void update(NDArray prediction, NDArray target, List<SliceId> ids) {
        Objects.requireNonNull(ids, "ids");
        Shape s = prediction.getShape();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("VolumeDice groups slices by patient and needs the SliceId of "
                    + "every sample, but the batch of shape " + s + " came without ids");
        }
        MetricInputs.Counts k = MetricInputs.counts(prediction, target);
        if (k.channels() != 1) {
            throw new IllegalArgumentException("VolumeDice takes single-channel N×1×H×W input, got shape " + s);
        }
        if (ids.size() != k.batch()) {
            throw new IllegalArgumentException("got " + ids.size() + " slice ids for a batch of shape " + s);
        }
        boolean[] p = null;
        boolean[] g = null;
        if (filtered()) {
            // same foreground rule as the counts: == 1 on a single channel
            try (NDArray pb = prediction.eq(1);
                    NDArray gb = target.neq(0)) {
                p = pb.toBooleanArray();
                g = gb.toBooleanArray();
            }
        }
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        for (int b = 0; b < k.batch(); b++) {
            SliceId id = ids.get(b);
            Patient patient = patients.computeIfAbsent(id.patientId(), x -> new Patient());
            if (!patient.seen.add(id.sliceNumber())) {
                throw new IllegalArgumentException("slice " + id + " was already accumulated since the last reset");
            }
            patient.intersection += (long) k.intersection()[b];
            patient.predicted += (long) k.predicted()[b];
            patient.target += (long) k.target()[b];
            if (filtered()) {
                patient.addSlice(id.sliceNumber(), p, g, b * h * w, h, w);
            }
        }
    }

    /**
     * Returns the mean of the per-patient Dice values over the patients that have one.
     *
     * @return the mean, 0.0 when no patient has a value
     */
    @Override
    public double compute() {
        double sum = 0;
        int n = 0;
        for (double d : perPatient().values()) {
            if (!Double.isNaN(d)) {
                sum += d;
                n++;
            }
        }
        return n == 0 ? 0.0 : sum / n;
    }

    /**
     * Returns the Dice of every patient seen since the last reset, sorted by patient id.
     *
     * @return patient id → Dice (NaN for an empty ground truth with ignoreEmpty)
     */
    public Map<String, Double> perPatient() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Patient> e : patients.entrySet()) {
            Patient pt = e.getValue();
            long i = pt.intersection;
            long p = pt.predicted;
            if (filtered()) {
                long[] kept = pt.filteredCounts(connectivity, minComponentSize, largestComponent);
                i = kept[0];
                p = kept[1];
            }
            out.put(e.getKey(), dice(i, p, pt.target));
        }
        return Collections.unmodifiableMap(out);
    }

    private double dice(long i, long p, long g) {
        if (g > 0) {
            return 2.0 * i / (p + g);
        }
        return ignoreEmpty ? Double.NaN : (p == 0 ? 1.0 : 0.0);
    }

    /** Per-patient sums and, with the component filter, the slices as bit sets. */
    private static final class Patient {
        final Set<Integer> seen = new HashSet<>();
        final TreeMap<Integer, BitSet[]> slices = new TreeMap<>();
        long intersection;
        long predicted;
        long target;
        int height;
        int width;

        void addSlice(int number, boolean[] p, boolean[] g, int offset, int h, int w) {
            if (slices.isEmpty()) {
                height = h;
                width = w;
            } else if (h != height || w != width) {
                throw new IllegalArgumentException("slice " + number + " is " + h + "×" + w
                        + " but earlier slices of the patient are " + height + "×" + width);
            }
            BitSet pb = new BitSet(h * w);
            BitSet gb = new BitSet(h * w);
            for (int k = 0; k < h * w; k++) {
                if (p[offset + k]) {
                    pb.set(k);
                }
                if (g[offset + k]) {
                    gb.set(k);
                }
            }
            slices.put(number, new BitSet[] {pb, gb});
        }

        /** Returns {intersection, size} of the prediction after the component filter. */
        long[] filteredCounts(int connectivity, int minSize, boolean largestOnly) {
            int[] numbers = slices.keySet().stream().mapToInt(Integer::intValue).toArray();
            BitSet[] pred = new BitSet[numbers.length];
            BitSet[] gt = new BitSet[numbers.length];
            for (int z = 0; z < numbers.length; z++) {
                BitSet[] pair = slices.get(numbers[z]);
                pred[z] = pair[0];
                gt[z] = pair[1];
            }
            BitSet[] kept =
                    ConnectedComponents.filter(pred, numbers, height, width, connectivity, minSize, largestOnly);
            long i = 0;
            long p = 0;
            for (int z = 0; z < kept.length; z++) {
                p += kept[z].cardinality();
                BitSet and = (BitSet) kept[z].clone();
                and.and(gt[z]);
                i += and.cardinality();
            }
            return new long[] {i, p};
        }
    }

    /** Builder of {@link VolumeDice}; every setting is optional. */
    public static final class Builder {
        private String name = "volume_dice";
        private boolean ignoreEmpty = true;
        private boolean largestComponent;
        private int connectivity = 26;
        private int minComponentSize;

        private Builder() {}

        /**
         * Sets the name (default {@code volume_dice}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Gives NaN (skipped in the mean) to a patient with an empty ground truth (default true).
         *
         * @param ignoreEmpty whether to skip such patients
         * @return this builder
         */
        public Builder optIgnoreEmpty(boolean ignoreEmpty) {
            this.ignoreEmpty = ignoreEmpty;
            return this;
        }

        /**
         * Keeps only the largest 3-D connected component of each patient's predicted volume
         * (default false), the post-processing of the dataset authors.
         *
         * @param largestComponent whether to filter
         * @return this builder
         */
        public Builder optLargestComponent(boolean largestComponent) {
            this.largestComponent = largestComponent;
            return this;
        }

        /**
         * Sets the 3-D connectivity of the component filter: 6 (faces) or 26 (faces, edges and
         * corners; the default, as scikit-image's {@code label}). Slices are neighbours only when
         * their slice numbers differ by 1.
         *
         * @param connectivity 6 or 26
         * @return this builder
         */
        public Builder optConnectivity(int connectivity) {
            this.connectivity = connectivity;
            return this;
        }

        /**
         * Removes the 3-D components of each patient's predicted volume that have fewer than
         * {@code voxels} voxels (MONAI's {@code RemoveSmallObjects(min_size)}; default 0, off). With
         * {@link #optLargestComponent} as well, the largest component is kept only if it is at least
         * this large. Why: a small tumour can be smaller than a false-positive blob elsewhere in the
         * head, and then the largest-component rule drops the tumour; a size threshold drops the
         * specks and keeps both (choose it on training folds, not on the patients it scores).
         *
         * @param voxels the smallest component kept, 0 or more
         * @return this builder
         */
        public Builder optMinComponentSize(int voxels) {
            this.minComponentSize = voxels;
            return this;
        }

        /**
         * Builds the metric.
         *
         * @return the metric
         * @throws IllegalArgumentException if the connectivity is neither 6 nor 26 or the minimum
         *     component size is negative
         */
        public VolumeDice build() {
            if (connectivity != 6 && connectivity != 26) {
                throw new IllegalArgumentException("connectivity must be 6 or 26, got " + connectivity);
            }
            if (minComponentSize < 0) {
                throw new IllegalArgumentException("minComponentSize must be >= 0, got " + minComponentSize);
            }
            return new VolumeDice(this);
        }
    }
}
