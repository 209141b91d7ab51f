package io.brainseg.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import io.brainseg.core.batch.SliceContext;
import io.brainseg.core.batch.SliceId;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.data.DecodedSlice;
import io.brainseg.data.SliceCache;
import io.brainseg.data.Uint8Arrays;
import io.brainseg.metrics.ConfusionCounts;
import io.brainseg.metrics.DiceMetric;
import io.brainseg.metrics.HausdorffDistance95;
import io.brainseg.metrics.VolumeDice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates a trained predictor on whole slices (full size, no crop) and holds the result:
 * per-slice Dice (MONAI: empty ground truth skipped), per-patient volume Dice with and without the
 * largest 3-D connected component, HD95 per slice (pixels, both masks non-empty), sensitivity and
 * precision per patient and pooled; the per-slice Dice also by tumour area ({@link SliceAreaBin}).
 *
 * @param slices one row per slice, in patient and slice order
 * @param patients one row per patient
 * @param sliceDice mean per-slice Dice over slices with tumour
 * @param patientDice mean per-patient Dice
 * @param patientDiceLcc mean per-patient Dice after keeping each patient's largest component
 * @param connectivity 3-D connectivity of that component (6 or 26)
 * @param patientDiceMinComponent mean per-patient Dice after removing the components smaller than
 *     each given size in voxels (same connectivity), by size; empty when none was asked for
 * @param hd95 mean HD95 over slices where prediction and truth are both non-empty
 * @param sensitivity pooled TP / (TP + FN)
 * @param precision pooled TP / (TP + FP)
 * @param threshold the probability above which the predictor called a pixel tumour
 */
record Evaluation(
        List<SliceResult> slices,
        List<PatientResult> patients,
        double sliceDice,
        double patientDice,
        double patientDiceLcc,
        int connectivity,
        Map<Integer, Double> patientDiceMinComponent,
        double hd95,
        double sensitivity,
        double precision,
        double threshold) {

    /** The default component connectivity: 26, like MONAI's {@code KeepLargestConnectedComponent}. */
    static final int DEFAULT_CONNECTIVITY = 26;

    /**
     * One slice.
     *
     * @param id the slice
     * @param truthPixels tumour pixels in the ground truth
     * @param predictedPixels tumour pixels predicted
     * @param errors FP + FN pixels
     * @param dice Dice, NaN for an empty ground truth
     * @param hd95 HD95 in pixels, NaN unless both masks are non-empty
     */
    record SliceResult(SliceId id, long truthPixels, long predictedPixels, long errors, double dice, double hd95) {

        /** A score for ranking every slice: Dice, with an empty truth counting 1 if nothing is predicted, else 0. */
        double overallScore() {
            return truthPixels > 0 ? dice : predictedPixels == 0 ? 1.0 : 0.0;
        }
    }

    /**
     * One patient.
     *
     * @param id the patient
     * @param slices slice count
     * @param truthVoxels tumour voxels of the truth mask (TP + FN)
     * @param predictedVoxels voxels predicted as tumour at the threshold, before any component
     *     filter (TP + FP)
     * @param dice volume Dice
     * @param diceLcc volume Dice of the largest connected component
     * @param hd95 mean slice HD95 (NaN if no slice has one)
     * @param sensitivity TP / (TP + FN)
     * @param precision TP / (TP + FP)
     */
    record PatientResult(
            String id,
            int slices,
            long truthVoxels,
            long predictedVoxels,
            double dice,
            double diceLcc,
            double hd95,
            double sensitivity,
            double precision) {}

    /**
     * Returns the cache as the predictor's network takes it: stacked with the context it was trained
     * with ({@link SegmentationPredictor#getContext()}), so a 2.5-D model sees each slice with its
     * real neighbours. A cache already stacked with that context is returned as is.
     *
     * @param predictor the predictor
     * @param cache slices as decoded, or already stacked
     * @return the slices the predictor takes
     * @throws IllegalArgumentException if the network's input channels are not {@code 3·(2K+1)}, or
     *     the cache is stacked with another context
     */
    static SliceCache forPredictor(SegmentationPredictor predictor, SliceCache cache) {
        int channels = predictor.getInputChannels();
        int context;
        try {
            context = SliceContext.contextOf(channels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    predictor.getCheckpointDirectory() + ": the network takes " + channels + " input channels; "
                            + "kaggle_3m slices give 3·(2K+1) (3, 9, 15, ...), so it cannot be evaluated on them",
                    e);
        }
        if (cache.getContext() == context) {
            return cache;
        }
        if (cache.getContext() != 0) {
            throw new IllegalArgumentException("the slices are stacked with context " + cache.getContext()
                    + " but the model takes " + SliceContext.describe(context));
        }
        return cache.withContext(context);
    }

    /**
     * Predicts every slice of the cache and computes the metrics.
     *
     * @param predictor the predictor (its threshold binarises)
     * @param cache the slices
     * @param batchSize slices per forward pass
     * @param connectivity 3-D connectivity of the largest-component filter: 6 or 26
     * @return the evaluation
     * @throws IllegalArgumentException if the connectivity is neither 6 nor 26
     */
    static Evaluation run(SegmentationPredictor predictor, SliceCache cache, int batchSize, int connectivity) {
        return run(predictor, cache, batchSize, connectivity, List.of());
    }

    /**
     * Predicts every slice of the cache and computes the metrics, with per-patient Dice after
     * removing small components for each size in {@code minComponentSizes}. Whole patients are
     * predicted: a 2.5-D model gets each slice stacked with its neighbours ({@link #forPredictor}).
     *
     * @param predictor the predictor (its threshold binarises)
     * @param cache the slices, as decoded or stacked with the model's context
     * @param batchSize slices per forward pass
     * @param connectivity 3-D connectivity of the component filters: 6 or 26
     * @param minComponentSizes component sizes in voxels (each positive), or empty
     * @return the evaluation
     * @throws IllegalArgumentException if the connectivity is neither 6 nor 26
     */
    static Evaluation run(
            SegmentationPredictor predictor,
            SliceCache cache,
            int batchSize,
            int connectivity,
            List<Integer> minComponentSizes) {
        DiceMetric dice = DiceMetric.builder().build();
        VolumeDice volume = VolumeDice.builder().build();
        VolumeDice volumeLcc = VolumeDice.builder()
                .optLargestComponent(true)
                .optConnectivity(connectivity)
                .build();
        Map<Integer, VolumeDice> volumeMin = new java.util.TreeMap<>();
        for (int size : minComponentSizes) {
            volumeMin.put(
                    size,
                    VolumeDice.builder()
                            .optMinComponentSize(size)
                            .optConnectivity(connectivity)
                            .build());
        }
        HausdorffDistance95 hd =
                HausdorffDistance95.builder().optIncludeBackground(true).build();
        ConfusionCounts confusion = ConfusionCounts.builder().build();
        List<SliceResult> rows = new ArrayList<>();
        List<DecodedSlice> all = forPredictor(predictor, cache).getSlices();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int start = 0; start < all.size(); start += batchSize) {
                List<DecodedSlice> chunk = all.subList(start, Math.min(all.size(), start + batchSize));
                try (NDManager sub = manager.newSubManager()) {
                    List<Prediction> predictions = predictor.predict(images(sub, chunk));
                    NDArray pred = masks(
                            sub, predictions.stream().map(Prediction::getMask).toList(), chunk.get(0));
                    NDArray truth =
                            masks(sub, chunk.stream().map(DecodedSlice::mask).toList(), chunk.get(0));
                    List<SliceId> ids = chunk.stream().map(DecodedSlice::id).toList();
                    List<double[]> d = dice.update(pred, truth);
                    List<double[]> h = hd.update(pred, truth);
                    volume.update(pred, truth, ids);
                    volumeLcc.update(pred, truth, ids);
                    for (VolumeDice v : volumeMin.values()) {
                        v.update(pred, truth, ids);
                    }
                    confusion.update(pred, truth, ids);
                    for (int i = 0; i < chunk.size(); i++) {
                        byte[] p = predictions.get(i).getMask();
                        byte[] t = chunk.get(i).mask();
                        long tp = 0;
                        long np = 0;
                        long nt = 0;
                        for (int k = 0; k < p.length; k++) {
                            boolean a = p[k] != 0;
                            boolean b = t[k] != 0;
                            np += a ? 1 : 0;
                            nt += b ? 1 : 0;
                            tp += a && b ? 1 : 0;
                        }
                        double hd95 = Double.isFinite(h.get(i)[0]) ? h.get(i)[0] : Double.NaN;
                        rows.add(new SliceResult(ids.get(i), nt, np, np + nt - 2 * tp, d.get(i)[0], hd95));
                    }
                }
            }
        }
        Map<String, Double> vd = volume.perPatient();
        Map<String, Double> vdl = volumeLcc.perPatient();
        Map<String, ConfusionCounts.Counts> cc = confusion.perPatient();
        List<PatientResult> patients = new ArrayList<>();
        for (String id : cache.getPatientIds()) {
            List<SliceResult> own =
                    rows.stream().filter(r -> r.id().patientId().equals(id)).toList();
            ConfusionCounts.Counts c = cc.getOrDefault(id, ConfusionCounts.Counts.ZERO);
            patients.add(new PatientResult(
                    id,
                    own.size(),
                    c.tp() + c.fn(),
                    c.tp() + c.fp(),
                    vd.getOrDefault(id, Double.NaN),
                    vdl.getOrDefault(id, Double.NaN),
                    finiteMean(own.stream().mapToDouble(SliceResult::hd95).toArray()),
                    c.sensitivity(),
                    c.precision()));
        }
        ConfusionCounts.Counts total = confusion.total();
        Map<Integer, Double> minDice = new LinkedHashMap<>();
        volumeMin.forEach((size, v) -> minDice.put(size, v.compute()));
        return new Evaluation(
                rows,
                patients,
                dice.compute(),
                volume.compute(),
                volumeLcc.compute(),
                connectivity,
                java.util.Collections.unmodifiableMap(minDice),
                finiteMean(rows.stream().mapToDouble(SliceResult::hd95).toArray()),
                total.sensitivity(),
                total.precision(),
                predictor.getThreshold());
    }

    /** The three best and three worst slices with tumour, and the three worst slices of all. */
    Map<String, List<SliceResult>> extremes(int n) {
        List<SliceResult> tumour = slices.stream()
                .filter(s -> s.truthPixels() > 0)
                .sorted(Comparator.comparingDouble(SliceResult::dice))
                .toList();
        Map<String, List<SliceResult>> out = new LinkedHashMap<>();
        out.put(
                "best",
                tumour.stream()
                        .sorted(Comparator.comparingDouble(SliceResult::dice).reversed())
                        .limit(n)
                        .toList());
        out.put("worst", tumour.stream().limit(n).toList());
        out.put(
                "worst-overall",
                slices.stream()
                        .sorted(Comparator.comparingDouble(SliceResult::overallScore)
                                .thenComparing(Comparator.comparingLong(SliceResult::errors)
                                        .reversed()))
                        .limit(n)
                        .toList());
        return out;
    }

    /** A plain-text table: one line per patient, then the means. */
    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%-28s %6s %8s %9s %8s %8s %8s %8s %8s%n",
                "patient",
                "slices",
                "tumour",
                "predicted",
                "Dice",
                "Dice-LCC",
                "HD95",
                "sens",
                "prec"));
        for (PatientResult p : patients) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-28s %6d %8d %9d %8s %8s %8s %8s %8s%n",
                    p.id(),
                    p.slices(),
                    p.truthVoxels(),
                    p.predictedVoxels(),
                    f(p.dice()),
                    f(p.diceLcc()),
                    f(p.hd95()),
                    f(p.sensitivity()),
                    f(p.precision())));
        }
        sb.append(String.format(
                Locale.ROOT,
                "%nper-slice Dice     %s (%d slices with tumour of %d)%n",
                f(sliceDice),
                slices.stream().filter(s -> s.truthPixels() > 0).count(),
                slices.size()));
        for (SliceAreaBin bin : SliceAreaBin.of(slices)) {
            sb.append(String.format(
                    Locale.ROOT,
                    "  tumour %-12s %s (%d slices, %d with nothing predicted)%n",
                    bin.label(),
                    f(bin.dice()),
                    bin.slices(),
                    bin.missed()));
        }
        sb.append(String.format(
                Locale.ROOT,
                "per-patient Dice   %s%nwith largest comp. %s (%d-connected)%n"
                        + "HD95 (px)          %s%nsensitivity        %s%nprecision          %s%n",
                f(patientDice),
                f(patientDiceLcc),
                connectivity,
                f(hd95),
                f(sensitivity),
                f(precision)));
        patientDiceMinComponent.forEach((size, d) ->
                sb.append(String.format(Locale.ROOT, "components >= %d voxels: per-patient Dice %s%n", size, f(d))));
        return sb.toString();
    }

    /** Rows of the per-patient table, for the HTML report. */
    List<List<String>> patientRows() {
        return patients.stream()
                .map(p -> List.of(
                        p.id(),
                        Integer.toString(p.slices()),
                        Long.toString(p.truthVoxels()),
                        Long.toString(p.predictedVoxels()),
                        f(p.dice()),
                        f(p.diceLcc()),
                        f(p.hd95()),
                        f(p.sensitivity()),
                        f(p.precision())))
                .toList();
    }

    static final List<String> PATIENT_HEADER = List.of(
            "patient",
            "slices",
            "tumour voxels",
            "predicted voxels",
            "Dice",
            "Dice (LCC)",
            "HD95 (px)",
            "sensitivity",
            "precision");

    /** Writes {@code evaluation.json} (NaN written as null) atomically. */
    void writeJson(Path file) {
        writeJson(file, null);
    }

    /**
     * Writes {@code evaluation.json} (NaN written as null) atomically, with the scored checkpoint.
     *
     * @param file the file
     * @param checkpoint the checkpoint's description ({@link CheckpointOption#describe}), or null
     */
    void writeJson(Path file, Map<String, Object> checkpoint) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (checkpoint != null) {
            root.put("checkpoint", checkpoint);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("slice_dice", num(sliceDice));
        summary.put(
                "slice_dice_by_area",
                SliceAreaBin.of(slices).stream().map(SliceAreaBin::toJson).toList());
        summary.put("patient_dice", num(patientDice));
        summary.put("patient_dice_lcc", num(patientDiceLcc));
        summary.put("lcc_connectivity", connectivity);
        if (!patientDiceMinComponent.isEmpty()) {
            Map<String, Object> bySize = new LinkedHashMap<>();
            patientDiceMinComponent.forEach((size, d) -> bySize.put(Integer.toString(size), num(d)));
            summary.put("patient_dice_min_component", bySize);
        }
        summary.put("hd95", num(hd95));
        summary.put("sensitivity", num(sensitivity));
        summary.put("precision", num(precision));
        summary.put("threshold", threshold);
        summary.put("patients", patients.size());
        summary.put("slices", slices.size());
        summary.put(
                "slices_with_tumour",
                slices.stream().filter(s -> s.truthPixels() > 0).count());
        root.put("summary", summary);
        List<Object> ps = new ArrayList<>();
        for (PatientResult p : patients) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("patient", p.id());
            m.put("slices", p.slices());
            m.put("truth_voxels", p.truthVoxels());
            m.put("predicted_voxels", p.predictedVoxels());
            m.put("dice", num(p.dice()));
            m.put("dice_lcc", num(p.diceLcc()));
            m.put("hd95", num(p.hd95()));
            m.put("sensitivity", num(p.sensitivity()));
            m.put("precision", num(p.precision()));
            ps.add(m);
        }
        root.put("patients", ps);
        List<Object> ss = new ArrayList<>();
        for (SliceResult s : slices) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("patient", s.id().patientId());
            m.put("slice", s.id().sliceNumber());
            m.put("truth_pixels", s.truthPixels());
            m.put("predicted_pixels", s.predictedPixels());
            m.put("dice", num(s.dice()));
            m.put("hd95", num(s.hd95()));
            ss.add(m);
        }
        root.put("slices", ss);
        try {
            AtomicFiles.writeString(
                    file,
                    new GsonBuilder()
                            .setPrettyPrinting()
                            .serializeNulls()
                            .create()
                            .toJson(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double finiteMean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static NDArray images(NDManager manager, List<DecodedSlice> slices) {
        DecodedSlice first = slices.get(0);
        int len = first.image().length;
        byte[] all = new byte[len * slices.size()];
        for (int i = 0; i < slices.size(); i++) {
            System.arraycopy(slices.get(i).image(), 0, all, i * len, len);
        }
        return Uint8Arrays.copyOf(
                manager, all, new Shape(slices.size(), first.channels(), first.height(), first.width()));
    }

    private static NDArray masks(NDManager manager, List<byte[]> masks, DecodedSlice like) {
        int plane = like.height() * like.width();
        byte[] all = new byte[plane * masks.size()];
        for (int i = 0; i < masks.size(); i++) {
            byte[] m = masks.get(i);
            for (int k = 0; k < plane; k++) {
                all[i * plane + k] = m[k] != 0 ? (byte) 1 : 0;
            }
        }
        return Uint8Arrays.copyOf(manager, all, new Shape(masks.size(), 1, like.height(), like.width()))
                .toType(DataType.FLOAT32, false);
    }
}
